package platform

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Pids is psutil.pids(): the pids of every process, sorted.
func (s *System) Pids() ([]int, error) {
	pids, _, err := s.pids()
	return pids, err
}

// pids is Pids with the backend's marks (see osPids).
func (s *System) pids() ([]int, []uint64, error) {
	pids, marks, err := s.procOS.osPids()
	if err != nil {
		return nil, nil, err
	}
	if len(pids) > 0 {
		s.procMu.Lock()
		s.procLowest = pids[0]
		s.procMu.Unlock()
	}
	return pids, marks, nil
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
	return s.procOS.osPidExists(pid)
}

// ProcessIter is psutil.process_iter(): every process, by pid. The same
// *Process is returned for a process on every call (a System keeps them,
// keyed by pid and creation time), so CPUPercent(0) works across calls;
// processes that ended, or whose pid was reused, are dropped. It clears
// what an earlier ProcessIterAttrs prefetched.
func (s *System) ProcessIter() ([]*Process, error) {
	return s.ProcessIterContext(context.Background())
}

// ProcessIterContext is [System.ProcessIter] that stops, returning
// ctx.Err(), once ctx is done; the System's table of processes is then
// left as it was.
func (s *System) ProcessIterContext(ctx context.Context) ([]*Process, error) {
	return s.processIter(ctx, nil, false, false)
}

// ProcessIterAttrs is psutil.process_iter(attrs): ProcessIter, each
// process's attributes prefetched with [Process.Prefetch]. An empty attrs
// means every attribute ([ProcessAttrs]). Processes that end meanwhile are
// left out; zombies are kept. A long listing is read on up to GOMAXPROCS
// goroutines, so it takes less time than the CPU time it uses.
func (s *System) ProcessIterAttrs(attrs []string) ([]*Process, error) {
	return s.ProcessIterAttrsContext(context.Background(), attrs)
}

// ProcessIterAttrsContext is [System.ProcessIterAttrs] that stops,
// returning ctx.Err(), once ctx is done: reading every attribute of
// thousands of processes takes a while.
func (s *System) ProcessIterAttrsContext(ctx context.Context, attrs []string) ([]*Process, error) {
	ids, err := processAttrIDs(attrs)
	if err != nil {
		return nil, err
	}
	return s.processIter(ctx, ids, len(attrs) == 0, true)
}

// ProcessIterCacheClear is process_iter.cache_clear().
func (s *System) ProcessIterCacheClear() {
	s.procMu.Lock()
	old := s.procTable
	s.procTable = nil
	s.procMu.Unlock()
	s.procOS.osKeepTable(old, nil)
}

// processIterBatch is how many pids a worker of processIter takes at a
// time: enough to make the hand-out cheap, few enough to share the work
// evenly.
const processIterBatch = 16

// processIterPerWorker is how many processes make another worker of
// processIter pay for waking it: a process whose files are kept open is
// read in a few microseconds, about what a hand-off between threads costs.
const processIterPerWorker = 256

// processIterAlone is how long processIter reads on the caller's goroutine
// alone before other workers join it. A second reader costs CPU: the two
// threads contend for the descriptor table as they open and close /proc
// files and wake each other, and a first listing of a thousand processes
// took 1.1x the CPU on two threads that it took on one, for 0.8x the wall
// time. Up to a few thousand processes a listing is over before anyone
// waits for it, and one thread is cheaper; beyond, the others join. (A
// variable for the tests.)
var processIterAlone = 50 * time.Millisecond

// processIter lists the processes, reading them (and prefetching attrs) on
// the caller's goroutine, joined by up to GOMAXPROCS-1 others when the
// listing is long: the time goes into the kernel making up /proc files,
// which spreads over the CPUs. The result is in pid order whatever the
// number of workers. The workers look at ctx between batches.
func (s *System) processIter(ctx context.Context, attrs []processAttrID, all, prefetch bool) ([]*Process, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pids, marks, err := s.pids()
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
	again := len(s.procTable) > 0
	s.procMu.Unlock()
	// A pass without prefetch opens files to keep for the processes it
	// meets; one with prefetch only for those of the last table.
	s.procOS.osIterStart(len(pids), !prefetch || again)
	procs := make([]*Process, len(pids)) // nil where a process went away
	errs := make([]error, len(pids))
	var next atomic.Int64
	var failed atomic.Bool
	var panicked atomic.Pointer[any]
	var wg sync.WaitGroup
	var work func(caller bool)
	joinAt := time.Now().Add(processIterAlone)
	joined := false // read and set by the caller's worker alone
	work = func(caller bool) {
		defer func() {
			if r := recover(); r != nil { // raised again in the caller's goroutine
				panicked.CompareAndSwap(nil, &r)
				failed.Store(true)
			}
		}()
		buf := make([]byte, 0, 1024)
		for !failed.Load() {
			if ctx.Err() != nil {
				failed.Store(true)
				return
			}
			start := int(next.Add(processIterBatch)) - processIterBatch
			if start >= len(pids) {
				return
			}
			for i := start; i < min(start+processIterBatch, len(pids)); i++ {
				var mark uint64
				if marks != nil {
					mark = marks[i]
				}
				procs[i], buf, errs[i] = s.processIterOne(olds[i], pids[i], mark, attrs, all, prefetch, buf)
				if errs[i] != nil {
					failed.Store(true)
				}
			}
			if caller && !joined && time.Now().After(joinAt) {
				joined = true
				left := len(pids) - int(next.Load())
				for range min(runtime.GOMAXPROCS(0)-1, left/processIterPerWorker) {
					wg.Go(func() { work(false) })
				}
			}
		}
	}
	work(true)
	wg.Wait()
	if r := panicked.Load(); r != nil {
		panic(*r)
	}
	if err := ctx.Err(); err != nil {
		s.processIterDrop(procs, olds)
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			s.processIterDrop(procs, olds)
			return nil, err
		}
	}
	table := make(map[int]*Process, len(pids))
	kept := procs[:0]
	for _, p := range procs {
		if p != nil {
			table[p.pid] = p
			kept = append(kept, p)
		}
	}
	s.procMu.Lock()
	old := s.procTable
	s.procTable = table
	s.procMu.Unlock()
	s.procOS.osKeepTable(old, table)
	return kept, nil
}

// processIterDrop closes what a failed processIter opened for the new
// Processes it found (procs, where olds has the last table's), which no
// table will hold.
func (s *System) processIterDrop(procs, olds []*Process) {
	gone := map[int]*Process{}
	for i, p := range procs {
		if p != nil && p != olds[i] {
			gone[p.pid] = p
		}
	}
	s.procOS.osKeepTable(gone, nil)
}

// processIterOne is processIter's work for one pid: the Process (p, the
// one processIter returned last time, if it is the same process, or a new
// one), or nil if the process went away. One read of the stat file both
// checks the identity of p and seeds the prefetch's Oneshot.
func (s *System) processIterOne(p *Process, pid int, mark uint64, attrs []processAttrID, all, prefetch bool, buf []byte) (*Process, []byte, error) {
	ident, seed, kept, known, gone, buf, err := s.procOS.osIterRead(pid, mark, p, prefetch, buf)
	if err != nil || gone {
		if kept != nil {
			kept.close()
		}
		return nil, buf, err
	}
	if p != nil {
		p.mu.Lock()
		same := !p.reused && (!known || !p.haveIdent || p.ident == ident)
		p.mu.Unlock()
		if !same {
			p = nil
		}
	}
	if p == nil {
		if known {
			p = s.newProcessIdent(pid, ident)
		} else {
			p = s.newProcess(pid)
		}
	}
	if kept != nil && !p.os.osAdopt(kept, mark) {
		kept.close()
	}
	if !prefetch {
		p.mu.Lock()
		p.prefetch = nil
		p.mu.Unlock()
		return p, buf, nil
	}
	if err := p.prefetchSeeded(attrs, all, seed); err != nil {
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
	forgot := s.procTable[p.pid] == p
	if forgot {
		delete(s.procTable, p.pid)
	}
	s.procMu.Unlock()
	if forgot {
		s.procOS.osKeepTable(map[int]*Process{p.pid: p}, nil)
	}
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

// AsDict is Process.as_dict(attrs, ad_value): the attributes read in one
// Oneshot, keyed by name. An empty attrs means every name of
// [ProcessAttrs]. An attribute that fails with AccessDenied or
// ZombieProcess gets adValue; one this OS does not implement is left out,
// unless asked for by name. Other errors (NoSuchProcess) are returned.
func (p *Process) AsDict(attrs []string, adValue any) (map[string]any, error) {
	set, err := NewProcessAttrSet(attrs)
	if err != nil {
		return nil, err
	}
	var ret map[string]any
	err = p.AsDictFunc(set, func(n int) { ret = make(map[string]any, n) }, func(name string, v any, denied bool) {
		if denied {
			v = adValue
		}
		ret[name] = v
	})
	if err != nil {
		return nil, err
	}
	return ret, nil
}

// ProcessAttrSet is a list of attribute names, each looked up once, for
// [Process.AsDictFunc]: a monitor asks every process for the same ones.
type ProcessAttrSet struct {
	all bool // made from an empty list: every attribute
	ids []processAttrID
}

// NewProcessAttrSet resolves attrs as [Process.AsDict] does: an empty
// attrs means every name of [ProcessAttrs]; an unknown name is as_dict's
// ValueError.
func NewProcessAttrSet(attrs []string) (*ProcessAttrSet, error) {
	ids, err := processAttrIDs(attrs)
	if err != nil {
		return nil, err
	}
	return &ProcessAttrSet{all: len(attrs) == 0, ids: ids}, nil
}

// AsDictFunc is [Process.AsDict] without the map, for callers that build
// their own (the Lua bindings): size is told how many attributes there
// may be, then each is passed to fn in the order of set, with denied
// true (and v nil) where AsDict would put adValue. fn is called only once
// every attribute has been read, so not at all when that fails.
func (p *Process) AsDictFunc(set *ProcessAttrSet, size func(n int), fn func(name string, v any, denied bool)) error {
	ids := set.ids
	type read struct {
		id     processAttrID
		v      any
		denied bool
	}
	var buf [16]read
	got := buf[:0]
	err := p.Oneshot(func() error {
		p.os.osReadAhead(ids)
		for _, id := range ids {
			v, err := processAttrTable[id].get(p)
			if err != nil {
				switch {
				case processIsAD(err) || processIsZombie(err):
					got = append(got, read{id: id, denied: true})
					continue
				case errors.Is(err, ErrNotImplemented) && set.all:
					continue
				default:
					return err
				}
			}
			got = append(got, read{id: id, v: v})
		}
		return nil
	})
	if err != nil {
		return err
	}
	size(len(got))
	for _, r := range got {
		fn(processAttrTable[r.id].name, r.v, r.denied)
	}
	return nil
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
	ids, err := processAttrIDs(attrs)
	if err != nil {
		return err
	}
	return p.prefetchSeeded(ids, len(attrs) == 0, nil)
}

// prefetchSeeded is Prefetch of the attributes ids (all: every one,
// without those this OS does not implement), after seeding Oneshot's
// cache with what process_iter read.
func (p *Process) prefetchSeeded(ids []processAttrID, all bool, seed processSeed) error {
	p.mu.Lock()
	p.prefetch = nil
	p.mu.Unlock()
	kept := make(processPrefetchedList, 0, len(ids))
	err := p.Oneshot(func() error {
		p.os.osSeed(seed)
		p.os.osReadAhead(ids)
		for _, id := range ids {
			v, err := processAttrTable[id].get(p)
			if err != nil {
				switch {
				case processIsAD(err) || processIsZombie(err):
					kept = append(kept, processPrefetched{id: id, err: &PrefetchedError{Attr: processAttrTable[id].name, Err: err}})
					continue
				case errors.Is(err, ErrNotImplemented) && all:
					continue
				}
				return err
			}
			kept = append(kept, processPrefetched{id: id, val: v})
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
	id, ok := processAttrByName(name)
	if !ok {
		return nil, false, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.prefetch.get(id)
	return r.val, ok, r.err
}

// PrefetchedNames lists the attributes [Process.Prefetch] kept, sorted.
func (p *Process) PrefetchedNames() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	names := make([]string, len(p.prefetch))
	for i, r := range p.prefetch {
		names[i] = processAttrTable[r.id].name
	}
	if !slices.IsSorted(names) {
		slices.Sort(names)
	}
	return names
}
