package platform

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// Pids is psutil.pids(): the pids of every process, sorted.
func (s *System) Pids() ([]int, error) {
	pids, err := processPids(s.FS())
	if err != nil {
		return nil, err
	}
	if len(pids) > 0 {
		s.procMu.Lock()
		s.procLowest = pids[0]
		s.procMu.Unlock()
	}
	return pids, nil
}

// processLowestPid is psutil's _LOWEST_PID: the first pid of the last
// Pids() (1 on Linux), the process with no parent.
func (s *System) processLowestPid() (int, error) {
	s.procMu.Lock()
	lowest := s.procLowest
	s.procMu.Unlock()
	if lowest != 0 {
		return lowest, nil
	}
	pids, err := s.Pids()
	if err != nil || len(pids) == 0 {
		return 0, err
	}
	return pids[0], nil
}

// PidExists is psutil.pid_exists(pid): faster than looking for pid in
// Pids(). Thread ids are not pids here (psutil gh-687).
func (s *System) PidExists(pid int) bool {
	switch {
	case pid < 0:
		return false
	case pid == 0:
		// kill(0, 0) would signal our own process group: look in the list.
		pids, err := s.Pids()
		if err != nil {
			return false
		}
		_, ok := slices.BinarySearch(pids, 0)
		return ok
	}
	return processPidExists(s.FS(), pid)
}

// ProcessIter is psutil.process_iter(): every process, by pid. The same
// *Process is returned for a process on every call (a System keeps them,
// keyed by pid and creation time), so CPUPercent(0) works across calls;
// processes that ended, or whose pid was reused, are dropped. It clears
// what an earlier ProcessIterAttrs prefetched.
func (s *System) ProcessIter() ([]*Process, error) { return s.processIter(nil, false) }

// ProcessIterAttrs is psutil.process_iter(attrs): ProcessIter, each
// process's attributes prefetched with [Process.Prefetch]. An empty attrs
// means every attribute ([ProcessAttrs]). Processes that end meanwhile are
// left out; zombies are kept. The processes are read on up to GOMAXPROCS
// goroutines, so a listing takes less time than the CPU time it uses.
func (s *System) ProcessIterAttrs(attrs []string) ([]*Process, error) {
	if err := processCheckAttrs(attrs); err != nil {
		return nil, err
	}
	return s.processIter(processUniqueAttrs(attrs), true)
}

// ProcessIterCacheClear is process_iter.cache_clear().
func (s *System) ProcessIterCacheClear() {
	s.procMu.Lock()
	s.procTable = nil
	s.procMu.Unlock()
}

// processIterBatch is how many pids a worker of processIter takes at a
// time: enough to make the hand-out cheap, few enough to share the work
// evenly.
const processIterBatch = 16

// processIter lists the processes, reading them (and prefetching attrs) on
// up to GOMAXPROCS goroutines: the time goes into the kernel making up
// /proc files, which spreads over the CPUs. The result is in pid order
// whatever the number of workers.
func (s *System) processIter(attrs []string, prefetch bool) ([]*Process, error) {
	pids, err := s.Pids()
	if err != nil {
		return nil, err
	}
	// The Processes of the last call, looked up now: processForget may
	// change the table while the workers run.
	olds := make([]*Process, len(pids))
	s.procMu.Lock()
	for i, pid := range pids {
		olds[i] = s.procTable[pid]
	}
	s.procMu.Unlock()
	fs := s.FS()
	procs := make([]*Process, len(pids)) // nil where a process went away
	errs := make([]error, len(pids))
	var next atomic.Int64
	var failed atomic.Bool
	var panicked atomic.Pointer[any]
	work := func() {
		defer func() {
			if r := recover(); r != nil { // raised again in the caller's goroutine
				panicked.CompareAndSwap(nil, &r)
				failed.Store(true)
			}
		}()
		buf := make([]byte, 0, 1024)
		for !failed.Load() {
			start := int(next.Add(processIterBatch)) - processIterBatch
			if start >= len(pids) {
				return
			}
			for i := start; i < min(start+processIterBatch, len(pids)); i++ {
				procs[i], buf, errs[i] = s.processIterOne(fs, olds[i], pids[i], attrs, prefetch, buf)
				if errs[i] != nil {
					failed.Store(true)
				}
			}
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (len(pids)+processIterBatch-1)/processIterBatch) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	if r := panicked.Load(); r != nil {
		panic(*r)
	}
	table := make(map[int]*Process, len(pids))
	kept := procs[:0]
	for i, p := range procs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if p != nil {
			table[p.pid] = p
			kept = append(kept, p)
		}
	}
	s.procMu.Lock()
	s.procTable = table
	s.procMu.Unlock()
	return kept, nil
}

// processIterOne is processIter's work for one pid: the Process (p, the
// one processIter returned last time, if it is the same process, or a new
// one), or nil if the process went away. One read of the stat file both
// checks the identity of p and seeds the prefetch's Oneshot.
func (s *System) processIterOne(fs FS, p *Process, pid int, attrs []string, prefetch bool, buf []byte) (*Process, []byte, error) {
	var st procfs.PidStat
	var err error
	buf, st, err = processReadStatInto(fs, pid, buf)
	known := err == nil
	if err != nil {
		switch processErrno(err) {
		case syscall.EPERM, syscall.EACCES:
			// Identity unknown: keep whatever we had.
		case 0:
			if errors.Is(err, ErrNotImplemented) {
				return nil, buf, err
			}
			return nil, buf, nil // unparsable: the process is going away
		default:
			return nil, buf, nil // gone
		}
	}
	if p != nil {
		p.mu.Lock()
		same := !p.reused && (!known || !p.haveIdent || p.ident == st.Starttime)
		p.mu.Unlock()
		if !same {
			p = nil
		}
	}
	if p == nil {
		if known {
			p = s.newProcessIdent(pid, st.Starttime)
		} else {
			p = s.newProcess(pid)
		}
	}
	if !prefetch {
		p.mu.Lock()
		p.prefetch = nil
		p.mu.Unlock()
		return p, buf, nil
	}
	var seed *procfs.PidStat
	if known {
		seed = &st
	}
	if err := p.prefetchSeeded(attrs, seed); err != nil {
		if processIsNSP(err) {
			return nil, buf, nil
		}
		return nil, buf, err
	}
	return p, buf, nil
}

// processForget drops p from the process_iter table once its pid was
// found reused.
func (s *System) processForget(p *Process) {
	s.procMu.Lock()
	if s.procTable[p.pid] == p {
		delete(s.procTable, p.pid)
	}
	s.procMu.Unlock()
}

// WaitProcs is psutil.wait_procs(procs, timeout, callback): it waits for
// the processes to end, at most timeout ([NoTimeout] for no limit), and
// returns those gone, in the order they ended, and those still alive. A
// gone process has its [Process.Returncode] recorded, and callback (if not
// nil) is called with it. Unlike Process.Wait, running out of time is not
// an error; ctx being done is.
func (s *System) WaitProcs(ctx context.Context, procs []*Process, timeout time.Duration, callback func(*Process)) (gone, alive []*Process, err error) {
	gone = []*Process{}
	for _, p := range procs {
		if !slices.Contains(alive, p) {
			alive = append(alive, p)
		}
	}
	isGone := map[*Process]bool{}
	checkGone := func(p *Process, t time.Duration) error {
		code, err := p.Wait(ctx, t)
		if err != nil {
			var te *TimeoutExpired
			if errors.As(err, &te) {
				return nil
			}
			return err
		}
		if code != nil || !p.IsRunning() {
			p.mu.Lock()
			p.returncode, p.hasRet = code, true
			p.mu.Unlock()
			gone = append(gone, p)
			isGone[p] = true
			if callback != nil {
				callback(p)
			}
		}
		return nil
	}
	prune := func() {
		alive = slices.DeleteFunc(alive, func(p *Process) bool { return isGone[p] })
	}
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	// psutil's loop: each pass over the processes lasts at most a second,
	// so that one slow process does not keep the others' deaths unseen.
	left := timeout
	for len(alive) > 0 && !(timeout >= 0 && left <= 0) {
		for _, p := range alive {
			maxT := time.Second / time.Duration(len(alive))
			t := maxT
			if timeout >= 0 {
				left = min(time.Until(deadline), maxT)
				if left <= 0 {
					break
				}
				t = left
			}
			if err := checkGone(p, t); err != nil {
				return nil, nil, err
			}
		}
		prune()
	}
	if len(alive) > 0 {
		// A last look: timeout 0 does not wait.
		for _, p := range slices.Clone(alive) {
			if err := checkGone(p, 0); err != nil {
				return nil, nil, err
			}
		}
		prune()
	}
	if alive == nil {
		alive = []*Process{}
	}
	return gone, alive, nil
}

// processAttrNames is psutil 8's Process.attrs on Linux, sorted: what
// as_dict and process_iter accept.
var processAttrNames = []string{
	"cmdline", "cpu_affinity", "cpu_num", "cpu_percent", "cpu_times",
	"create_time", "cwd", "environ", "exe", "gids", "io_counters", "ionice",
	"memory_footprint", "memory_info", "memory_info_ex", "memory_maps",
	"memory_percent", "name", "net_connections", "nice", "num_ctx_switches",
	"num_fds", "num_threads", "open_files", "page_faults", "pid", "ppid",
	"status", "terminal", "threads", "uids", "username",
}

// ProcessAttrs is psutil's Process.attrs: the attribute names accepted by
// [Process.Attr], [Process.AsDict] and [System.ProcessIterAttrs], sorted.
// "memory_full_info", deprecated, is also accepted when asked for by name.
func ProcessAttrs() []string { return slices.Clone(processAttrNames) }

func processValidAttr(name string) bool {
	_, ok := slices.BinarySearch(processAttrNames, name)
	return ok || name == "memory_full_info"
}

// processUniqueAttrs is attrs with each name once, for Prefetch's list.
func processUniqueAttrs(attrs []string) []string {
	var out []string
	for i, a := range attrs {
		if slices.Contains(attrs[:i], a) {
			if out == nil {
				out = slices.Clone(attrs[:i])
			}
			continue
		}
		if out != nil {
			out = append(out, a)
		}
	}
	if out == nil {
		return attrs
	}
	return out
}

// processCheckAttrs is as_dict's ValueError for unknown names.
func processCheckAttrs(attrs []string) error {
	var bad []string
	for _, a := range attrs {
		if !processValidAttr(a) && !slices.Contains(bad, a) {
			bad = append(bad, a)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	quoted := make([]string, len(bad))
	for i, b := range bad {
		quoted[i] = PyRepr(b)
	}
	msg := "invalid attr name "
	if len(bad) > 1 {
		msg = "invalid attr names "
	}
	return errors.New(msg + strings.Join(quoted, ", "))
}

// Attr returns the attribute called name (an element of [ProcessAttrs], or
// "memory_full_info"): the value of the method of that name called with
// psutil's default arguments, boxed as that method returns it (Terminal's
// *string stays a *string, nil for None).
func (p *Process) Attr(name string) (any, error) {
	if !processValidAttr(name) {
		return nil, processCheckAttrs([]string{name})
	}
	return p.attr(name)
}

func processBox[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

func (p *Process) attr(name string) (any, error) {
	switch name {
	case "pid":
		return p.pid, nil
	case "cmdline":
		return processBox(p.Cmdline())
	case "cpu_affinity":
		return processBox(p.CPUAffinity())
	case "cpu_num":
		return processBox(p.CPUNum())
	case "cpu_percent":
		return processBox(p.CPUPercent(context.Background(), 0))
	case "cpu_times":
		return processBox(p.CPUTimes())
	case "create_time":
		return processBox(p.CreateTime())
	case "cwd":
		return processBox(p.Cwd())
	case "environ":
		return processBox(p.Environ())
	case "exe":
		return processBox(p.Exe())
	case "gids":
		return processBox(p.Gids())
	case "io_counters":
		return processBox(p.IOCounters())
	case "ionice":
		return processBox(p.Ionice())
	case "memory_footprint":
		return processBox(p.MemoryFootprint())
	case "memory_full_info":
		return processBox(p.MemoryFullInfo())
	case "memory_info":
		return processBox(p.MemoryInfo())
	case "memory_info_ex":
		return processBox(p.MemoryInfoEx())
	case "memory_maps":
		return processBox(p.MemoryMaps())
	case "memory_percent":
		return processBox(p.MemoryPercent("rss"))
	case "name":
		return processBox(p.Name())
	case "net_connections":
		return processBox(p.NetConnections("inet"))
	case "nice":
		return processBox(p.Nice())
	case "num_ctx_switches":
		return processBox(p.NumCtxSwitches())
	case "num_fds":
		return processBox(p.NumFds())
	case "num_threads":
		return processBox(p.NumThreads())
	case "open_files":
		return processBox(p.OpenFiles())
	case "page_faults":
		return processBox(p.PageFaults())
	case "ppid":
		return processBox(p.Ppid())
	case "status":
		return processBox(p.Status())
	case "terminal":
		return processBox(p.Terminal())
	case "threads":
		return processBox(p.Threads())
	case "uids":
		return processBox(p.Uids())
	case "username":
		return processBox(p.Username())
	}
	return nil, processCheckAttrs([]string{name})
}

// AsDict is Process.as_dict(attrs, ad_value): the attributes read in one
// Oneshot, keyed by name. An empty attrs means every name of
// [ProcessAttrs]. An attribute that fails with AccessDenied or
// ZombieProcess gets adValue; one this OS does not implement is left out,
// unless asked for by name. Other errors (NoSuchProcess) are returned.
func (p *Process) AsDict(attrs []string, adValue any) (map[string]any, error) {
	if err := processCheckAttrs(attrs); err != nil {
		return nil, err
	}
	names := attrs
	if len(names) == 0 {
		names = processAttrNames
	}
	ret := make(map[string]any, len(names))
	err := p.Oneshot(func() error {
		for _, name := range names {
			v, err := p.attr(name)
			if err != nil {
				switch {
				case processIsAD(err) || processIsZombie(err):
					v = adValue
				case errors.Is(err, ErrNotImplemented) && len(attrs) == 0:
					continue
				default:
					return err
				}
			}
			ret[name] = v
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ret, nil
}

// Prefetch is what process_iter(attrs) does to each process (psutil 8,
// gh-2784): it reads the attributes (all of [ProcessAttrs] when attrs is
// empty) in one Oneshot and keeps them, so that later calls of those
// methods with psutil's default arguments return the kept value instead
// of reading again. An attribute that failed with AccessDenied or
// ZombieProcess keeps that error, wrapped in a [*PrefetchedError]. A
// NoSuchProcess is returned and nothing is kept. A new Prefetch, or
// ProcessIter, replaces what was kept.
func (p *Process) Prefetch(attrs []string) error {
	if err := processCheckAttrs(attrs); err != nil {
		return err
	}
	return p.prefetchSeeded(processUniqueAttrs(attrs), nil)
}

func (p *Process) prefetchSeeded(attrs []string, seed *procfs.PidStat) error {
	names := attrs
	if len(names) == 0 {
		names = processAttrNames
	}
	p.mu.Lock()
	p.prefetch = nil
	p.mu.Unlock()
	kept := make(processPrefetchedList, 0, len(names))
	err := p.Oneshot(func() error {
		if seed != nil {
			p.seedStat(*seed)
		}
		for _, name := range names {
			v, err := p.attr(name)
			if err != nil {
				switch {
				case processIsAD(err) || processIsZombie(err):
					kept = append(kept, processPrefetched{name: name, err: &PrefetchedError{Attr: name, Err: err}})
					continue
				case errors.Is(err, ErrNotImplemented) && len(attrs) == 0:
					continue
				}
				return err
			}
			kept = append(kept, processPrefetched{name: name, val: v})
		}
		return nil
	})
	if err != nil {
		return err
	}
	p.mu.Lock()
	p.prefetch = kept
	p.mu.Unlock()
	return nil
}

// Prefetched returns what [Process.Prefetch] kept for the attribute name:
// ok is false if it kept nothing for it. It is what psutil's deprecated
// p.info holds.
func (p *Process) Prefetched(name string) (value any, ok bool, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.prefetch.get(name)
	return r.val, ok, r.err
}

// PrefetchedNames lists the attributes [Process.Prefetch] kept, sorted.
func (p *Process) PrefetchedNames() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, len(p.prefetch))
	for i, r := range p.prefetch {
		names[i] = r.name
	}
	if !slices.IsSorted(names) {
		slices.Sort(names)
	}
	return names
}
