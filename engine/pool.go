package engine

import (
	"context"
	"errors"
	"sync"
)

// ErrPoolClosed is returned by Do after Close.
var ErrPoolClosed = errors.New("engine: pool is closed")

// Pool serves hosts to many goroutines: each Do gets a host of its own for
// the duration of the call. Hosts are made on demand up to the pool's size,
// reused, and reset between uses (globals, library tables, loaded modules
// and the metatables that strings, numbers or files share back to how New
// left them). The psutil state that psutil keeps
// per caller (cpu_percent's previous sample) stays with each host.
type Pool struct {
	opts   Options
	sem    chan struct{} // one token per host that may exist
	mu     sync.Mutex
	idle   []*Host
	closed bool
}

// NewPool returns a pool of at most size hosts configured by opts.
func NewPool(opts Options, size int) *Pool {
	if size < 1 {
		size = 1
	}
	return &Pool{opts: opts, sem: make(chan struct{}, size)}
}

// Do runs fn with a host, waiting for one to be free or ctx to end.
func (p *Pool) Do(ctx context.Context, fn func(h *Host) error) error {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-p.sem }()
	h, err := p.get()
	if err != nil {
		return err
	}
	defer p.put(h)
	return fn(h)
}

func (p *Pool) get() (*Host, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrPoolClosed
	}
	if n := len(p.idle); n > 0 {
		h := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return h, nil
	}
	return New(p.opts), nil
}

func (p *Pool) put(h *Host) {
	if h.broken {
		h.Close()
		return
	}
	h.reset()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		h.Close()
		return
	}
	p.idle = append(p.idle, h)
}

// Close closes the idle hosts; hosts in use are closed when returned.
func (p *Pool) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, h := range p.idle {
		h.Close()
	}
	p.idle = nil
}
