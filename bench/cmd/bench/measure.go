package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// sample is one timed run.
type sample struct {
	wall time.Duration // exec to exit, as the driver sees it
	cpu  time.Duration // user + system time of the child, all its threads
}

// phase is the state of the machine a workload runs in.
type phase struct {
	name  string
	level int   // 0: as is; 1: loaded; 2: scale
	load  *load // nil: the machine as it is
}

// tag names the phase in file names.
func (ph *phase) tag() string { return [...]string{"asis", "loaded", "scale"}[ph.level] }

// section is one workload in one phase: its checked outputs and timings.
type section struct {
	key, title, phase string
	level             int // the phase's
	rounds            int // timed rounds run
	tools             []string
	samples           map[string][]sample
	rssKB             map[string][]int64 // peak resident set of each measuring run
	lines, bytes      map[string]int
	note              string // what the check found
}

// checkCtx is what a checker compares.
type checkCtx struct {
	outs          map[string][]byte // by tool name
	before, after procSnap          // /proc before and after the tools ran
	load          *load
	self          int // the driver's pid: the load's sockets are its own
}

// checker compares the outputs of the tools; it returns a one-line
// summary or the disagreements.
type checker func(c *checkCtx) (string, error)

// workload checks that the tools agree (one run each, which also warms the
// page cache as any user's earlier run would), then times rounds of them
// in turns.
func (b *bench) workload(key, title string, ph *phase, tools []tool, check checker) (*section, error) {
	s := &section{key: key, title: title, phase: ph.name, level: ph.level,
		samples: map[string][]sample{}, rssKB: map[string][]int64{}, lines: map[string]int{}, bytes: map[string]int{}}
	for _, t := range tools {
		s.tools = append(s.tools, t.name)
	}
	b.logf("%s (%s): checking that the tools agree", key, ph.name)
	// Other programs on the machine may open and close sockets while the
	// tools run one after the other: a disagreement is tried again before
	// it counts.
	for attempt := 1; ; attempt++ {
		err := b.compare(key, ph, tools, check, s)
		if err == nil {
			break
		}
		if attempt == checkAttempts {
			b.keepWork = true
			return nil, fmt.Errorf("%s (%s): the tools disagree %d times in a row (outputs in %s):\n%v", key, ph.name, attempt, b.work, err)
		}
		b.logf("%s (%s): the tools disagree, trying again:\n%v", key, ph.name, err)
	}

	devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	defer devnull.Close()
	b.logf("%s (%s): %d rounds of %d tools", key, ph.name, b.cfg.rounds, len(tools))
	// The rounds stop early, after a few, once the workload has had its
	// time: the scale runs of the slower tools take seconds each.
	t0 := time.Now()
	for r := 0; r < b.cfg.rounds; r++ {
		if r >= minRounds && b.cfg.budget > 0 && time.Since(t0) > b.cfg.budget {
			b.logf("%s (%s): %d rounds took %v: stopping there (-budget %v)", key, ph.name, r, time.Since(t0).Round(time.Second), b.cfg.budget)
			break
		}
		for _, t := range tools {
			smp, err := b.exec(t, devnull)
			if err != nil {
				return nil, err
			}
			s.samples[t.name] = append(s.samples[t.name], smp)
		}
		s.rounds++
	}
	rssRuns := b.rssRuns()
	if s.rounds < b.cfg.rounds {
		rssRuns = 1
	}
	for r := 0; r < rssRuns; r++ {
		for _, t := range tools {
			kb, err := b.peakRSS(t, devnull)
			if err != nil {
				return nil, err
			}
			s.rssKB[t.name] = append(s.rssKB[t.name], kb)
		}
	}
	return s, nil
}

// minRounds is the fewest timed rounds a workload gets, whatever its
// time (fewer only if -rounds asks for fewer).
const minRounds = 5

func (b *bench) rssRuns() int {
	if b.cfg.quick {
		return 1
	}
	return 3
}

// checkAttempts is how many times the outputs are compared before a
// disagreement stops the bench.
const checkAttempts = 3

// compare runs each tool once with its output kept, between two snapshots
// of /proc, and checks the outputs.
func (b *bench) compare(key string, ph *phase, tools []tool, check checker, s *section) error {
	if ph.load != nil {
		n, err := ph.load.repair()
		if err != nil {
			return err
		}
		if n > 0 {
			b.logf("%s (%s): %d of the bench's connections were no longer established: replaced", key, ph.name, n)
		}
	}
	c := &checkCtx{outs: map[string][]byte{}, load: ph.load, self: os.Getpid()}
	var err error
	if c.before, err = takeSnapshot(); err != nil {
		return err
	}
	for _, t := range tools {
		path := filepath.Join(b.work, fmt.Sprintf("%s-%s-%s.out", key, ph.tag(), t.name))
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		_, err = b.exec(t, f)
		f.Close()
		if err != nil {
			return err
		}
		out, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		c.outs[t.name] = out
		s.lines[t.name] = bytes.Count(out, []byte{'\n'})
		s.bytes[t.name] = len(out)
	}
	if c.after, err = takeSnapshot(); err != nil {
		return err
	}
	if check != nil {
		if s.note, err = check(c); err != nil {
			return err
		}
		b.logf("%s (%s): %s", key, ph.name, s.note)
	}
	return nil
}

// peakRSS measures the peak resident set of argv in KiB, in a run of its
// own. The child's ru_maxrss as Go's os/exec gets it is no good: Go starts
// children with vfork (CLONE_VM), and exec keeps the high-water mark of
// the memory it leaves, the driver's. GNU time forks (a copy of a small C
// program) and execs, so its %M is the tool's own peak (above about 1 MiB,
// /bin/true's). Without GNU time, ru_maxrss is used, floored by the
// driver's own resident set.
func (b *bench) peakRSS(t tool, stdout *os.File) (int64, error) {
	argv := t.argv
	if b.timeBin == "" {
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = t.env
		cmd.Stdout = stdout
		if err := cmd.Run(); err != nil {
			return 0, fmt.Errorf("%s: %v", strings.Join(argv, " "), err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			return ru.Maxrss, nil
		}
		return 0, nil
	}
	path := filepath.Join(b.work, "rss")
	timed := tool{name: t.name, argv: append([]string{b.timeBin, "-f", "%M", "-o", path, "--"}, argv...), env: t.env}
	if _, err := b.exec(timed, stdout); err != nil {
		return 0, err
	}
	out, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(out))
	if len(f) == 0 {
		return 0, fmt.Errorf("%s printed nothing", b.timeBin)
	}
	return strconv.ParseInt(f[len(f)-1], 10, 64)
}

// exec runs t with stdout to the given file and times it. Its stderr
// goes to a file, shown if it fails.
func (b *bench) exec(t tool, stdout *os.File) (sample, error) {
	argv := t.argv
	errPath := filepath.Join(b.work, "stderr")
	errf, err := os.Create(errPath)
	if err != nil {
		return sample{}, err
	}
	defer errf.Close()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = t.env
	cmd.Stdout = stdout
	cmd.Stderr = errf
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return sample{}, err
	}
	err = cmd.Wait()
	wall := time.Since(t0)
	if err != nil {
		msg, _ := os.ReadFile(errPath)
		return sample{}, fmt.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, msg)
	}
	return sample{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}, nil
}
