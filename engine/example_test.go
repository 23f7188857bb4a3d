package engine_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
)

// Running an untrusted script under the read-only sandbox and a time limit.
func Example() {
	h := engine.New(engine.Options{Sandbox: engine.ReadOnly(), Timeout: time.Second})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local psutil = require("psutil")
		print(psutil.cpu_count() > 0, psutil.virtual_memory().total > 0)
		os.execute("rm -rf /")
	`)
	fmt.Println(err)
	// Output:
	// true	true
	// <string>:4: os.execute is blocked by the sandbox (read-only policy)
}

// Calling a Lua function from Go, with Go values in and out.
func ExampleHost_Call() {
	h := engine.New(engine.Options{})
	defer h.Close()
	_ = h.RunString(context.Background(), `
		function over(limit, values)
			local n = 0
			for _, v in ipairs(values) do if v > limit then n = n + 1 end end
			return n, {limit = limit}
		end
	`)
	res, err := h.Call(context.Background(), "over", 50, []float64{10, 60, 90})
	fmt.Println(res, err)
	// Output: [2 map[limit:50]] <nil>
}

// Registering a Go function that scripts call.
func ExampleHost_RegisterFunc() {
	h := engine.New(engine.Options{})
	defer h.Close()
	h.RegisterFunc("notify", func(args ...any) ([]any, error) {
		fmt.Println("notified:", args[0])
		return []any{true}, nil
	})
	_ = h.RunString(context.Background(), `assert(notify("disk almost full"))`)
	// Output: notified: disk almost full
}

// A psutil error raised in Lua comes back as the platform's typed error.
func ExampleError() {
	h := engine.New(engine.Options{})
	defer h.Close()
	err := h.RunString(context.Background(), `require("psutil").Process(2^31 - 2)`)
	var nsp *platform.NoSuchProcess
	if errors.As(err, &nsp) {
		fmt.Println("no such process:", nsp.Pid)
	}
	// Output: no such process: 2147483646
}

// A runaway script is stopped at the time limit; the host stays usable.
func ExampleOptions_timeout() {
	h := engine.New(engine.Options{Timeout: 100 * time.Millisecond, Stdout: os.Stdout})
	defer h.Close()
	err := h.RunString(context.Background(), `while true do end`)
	fmt.Println(errors.Is(err, engine.ErrTimeout))
	_ = h.RunString(context.Background(), `print("still usable")`)
	// Output:
	// true
	// still usable
}

// A script asking for more memory than the limit is stopped, whether the
// watchdog sees the heap grow or a function refuses to build the result.
func ExampleOptions_memoryLimit() {
	h := engine.New(engine.Options{MemoryLimit: 16 << 20})
	defer h.Close()
	err := h.RunString(context.Background(), `local s = string.rep("x", 2^30)`)
	fmt.Println(errors.Is(err, engine.ErrMemoryLimit))
	fmt.Println(err)
	// Output:
	// true
	// <string>:1: string.rep: result of 1073741824 bytes exceeds the memory limit (16777216 bytes)
}

// A pool serves hosts to concurrent goroutines.
func ExamplePool() {
	pool := engine.NewPool(engine.Options{Sandbox: engine.ReadOnly()}, 4)
	defer pool.Close()
	err := pool.Do(context.Background(), func(h *engine.Host) error {
		res, err := h.Call(context.Background(), "tostring", 42)
		fmt.Println(res)
		return err
	})
	fmt.Println(err)
	// Output:
	// [42]
	// <nil>
}
