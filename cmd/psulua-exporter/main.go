// Command psulua-exporter serves a machine's metrics to Prometheus:
// node_exporter's metric names, labels and units for what psutil knows
// (CPU, memory, filesystems, network, disks, load, kernel counters,
// sensors), read through psulua's platform layer, and the metrics of Lua
// collector scripts, each run in the engine's read-only sandbox with the
// scrape's time limit.
//
//	psulua-exporter [--web.listen-address=:10110] [--collector.script=FILE ...]
//
// The flags are those of Prometheus's exporters (exporter-toolkit's
// --web.listen-address and --web.config.file for TLS and basic auth,
// --web.telemetry-path, --log.level, --version); --[no-]collector.NAME
// turns one built-in collector on or off, as node_exporter's do. See
// docs/exporter.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/promslog"
	promslogflag "github.com/prometheus/common/promslog/flag"
	"github.com/prometheus/exporter-toolkit/web"
	"github.com/prometheus/exporter-toolkit/web/kingpinflag"

	"github.com/psulua/psulua/platform"
)

const progname = "psulua-exporter"

// defaultAddress is the default listen address. Prometheus's list of
// default port allocations gives every port from 9100 to 9999 to some
// exporter, so psulua-exporter takes one above that range that the list
// does not assign.
const defaultAddress = ":10110"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

// config is what the command line asks for.
type config struct {
	web            *web.FlagConfig
	telemetryPath  string
	scripts        []string
	disableDefault bool
	unsandboxed    bool
	scrapeTimeout  time.Duration
	memoryLimit    int64
	maxRequests    int
	enabled        map[string]*bool // built-in collectors by name
	filesystem     filesystemOptions
	diskstats      diskstatsOptions
	netdev         netdevOptions
	log            *promslog.Config
}

// parseArgs reads the command line. It returns a nil config (and an exit
// status) when the run is over: --help, --version or a bad flag.
func parseArgs(args []string, stdout, stderr io.Writer) (*config, int) {
	app := kingpin.New(progname, "A Prometheus exporter of the machine's metrics (node_exporter's names) and of Lua collector scripts, built on psulua.")
	app.Version(versionString())
	app.HelpFlag.Short('h')
	app.UsageWriter(stdout)
	app.ErrorWriter(stderr)
	app.Terminate(nil)

	c := &config{enabled: map[string]*bool{}}
	c.web = kingpinflag.AddFlags(app, defaultAddress)
	app.Flag("web.telemetry-path", "Path under which to expose metrics.").Default("/metrics").StringVar(&c.telemetryPath)
	app.Flag("web.max-requests", "Maximum number of parallel scrape requests; 0 disables the limit.").Default("40").IntVar(&c.maxRequests)
	app.Flag("collector.script", "A Lua collector script (repeatable).").PlaceHolder("FILE").StringsVar(&c.scripts)
	app.Flag("collector.disable-defaults", "Turn off every built-in collector not enabled explicitly (--collector.NAME), leaving the scripts' metrics.").BoolVar(&c.disableDefault)
	app.Flag("collector.script.unsandboxed", "DANGEROUS: run the collector scripts without the read-only sandbox, so they may write files, run programs and signal processes with the exporter's privileges.").BoolVar(&c.unsandboxed)
	app.Flag("scrape.timeout", "The time limit of each collector in one scrape.").Default("5s").DurationVar(&c.scrapeTimeout)
	app.Flag("collector.script.memory-limit", "The memory ceiling of a collector script, in bytes (the engine's measure: growth of the exporter's heap while it runs).").Default("268435456").Int64Var(&c.memoryLimit)
	for _, b := range builtins {
		c.enabled[b.name] = app.Flag("collector."+b.name, "Enable the "+b.name+" collector (default: enabled).").Default("true").Bool()
	}
	c.filesystem.addFlags(app)
	c.diskstats.addFlags(app)
	c.netdev.addFlags(app)
	c.log = &promslog.Config{}
	promslogflag.AddFlags(app, c.log)

	explicit := map[string]bool{}
	for _, b := range builtins {
		name := b.name
		app.GetFlag("collector." + name).Action(func(*kingpin.ParseContext) error {
			explicit[name] = true
			return nil
		})
	}
	var exited bool
	var status int
	app.Terminate(func(code int) { exited, status = true, code })
	_, err := app.Parse(args)
	if exited {
		return nil, status
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return nil, 2
	}
	if c.disableDefault {
		for name, on := range c.enabled {
			if !explicit[name] {
				*on = false
			}
		}
	}
	if c.scrapeTimeout <= 0 {
		fmt.Fprintf(stderr, "%s: --scrape.timeout must be positive\n", progname)
		return nil, 2
	}
	if err := c.filesystem.compile(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return nil, 2
	}
	if err := c.diskstats.compile(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return nil, 2
	}
	if err := c.netdev.compile(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, err)
		return nil, 2
	}
	return c, 0
}

// run is the whole command: it serves until ctx ends. listener, when not
// nil, is used instead of --web.listen-address (tests pass one on an
// ephemeral port).
func run(ctx context.Context, args []string, stdout, stderr io.Writer, listener net.Listener) int {
	c, status := parseArgs(args, stdout, stderr)
	if c == nil {
		return status
	}
	c.log.Writer = stderr
	logger := promslog.New(c.log)

	handler, closeExporter, err := newHandler(c, platform.New(platform.LiveFS()), logger)
	if err != nil {
		logger.Error("cannot start", "err", err)
		return 1
	}
	defer closeExporter()

	mux := http.NewServeMux()
	mux.Handle(c.telemetryPath, handler)
	if c.telemetryPath != "/" {
		landing, err := web.NewLandingPage(web.LandingConfig{
			Name:        progname,
			Description: "psutil's view of the machine, for Prometheus",
			Version:     versionString(),
			Links:       []web.LandingLinks{{Address: c.telemetryPath, Text: "Metrics"}},
		})
		if err != nil {
			logger.Error("cannot build the landing page", "err", err)
			return 1
		}
		mux.Handle("/", landing)
	}
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() {
		if listener != nil {
			done <- web.Serve(listener, server, c.web, logger)
		} else {
			done <- web.ListenAndServe(server, c.web, logger)
		}
	}()
	logger.Info("starting "+progname, "version", versionString(), "scripts", len(c.scripts))
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("server stopped", "err", err)
			return 1
		}
		return 0
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = server.Shutdown(shutdown)
		<-done
		return 0
	}
}

// newHandler builds the registry (built-in collectors, Lua collectors, the
// exporter's own Go and process metrics) and its HTTP handler. The
// returned function releases the Lua hosts.
func newHandler(c *config, sys *platform.System, logger *slog.Logger) (http.Handler, func(), error) {
	reg := prometheus.NewRegistry()
	var enabled []builtin
	for _, b := range builtins {
		if *c.enabled[b.name] {
			enabled = append(enabled, b)
		}
	}
	scripts, err := loadScripts(c.scripts)
	if err != nil {
		return nil, nil, err
	}
	lc := newLuaCollectors(scripts, luaOptions{
		timeout:     c.scrapeTimeout,
		memoryLimit: c.memoryLimit,
		unsandboxed: c.unsandboxed,
		system:      sys,
	}, logger)
	ex := &exporter{
		builtins: newBuiltins(enabled, c, sys),
		lua:      lc,
		timeout:  c.scrapeTimeout,
		logger:   logger,
	}
	ex.reserveBuiltinNames()
	if c.unsandboxed && len(scripts) > 0 {
		logger.Warn("collector scripts run WITHOUT the sandbox (--collector.script.unsandboxed)")
	}
	if err := reg.Register(ex); err != nil {
		return nil, nil, err
	}
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	h := promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:            slog.NewLogLogger(logger.Handler(), slog.LevelError),
		ErrorHandling:       promhttp.ContinueOnError,
		DisableCompression:  true, // withGzip compresses faster
		MaxRequestsInFlight: c.maxRequests,
		Timeout:             c.scrapeTimeout + 5*time.Second,
	})
	return withGzip(h), lc.close, nil
}

// versionString is the module's version as the Go toolchain recorded it.
func versionString() string {
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	return fmt.Sprintf("%s %s (%s, %s/%s)", progname, v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
