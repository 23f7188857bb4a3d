package platform_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	"github.com/psulua/psulua/platform"
)

// The README's first steps: memory figures, and the processes with their
// pid and name read in one listing.
func Example() {
	vm, err := platform.Default.VirtualMemory()
	if err != nil {
		panic(err)
	}
	procs, err := platform.Default.ProcessIterAttrs([]string{"pid", "name"})
	if err != nil {
		panic(err)
	}
	fmt.Println(vm.Total > 0, len(procs) > 0)
	// Output: true true
}

func ExampleSystem_VirtualMemory() {
	vm, err := platform.Default.VirtualMemory()
	if err != nil {
		panic(err)
	}
	fmt.Println(vm.Available <= vm.Total, vm.Percent >= 0 && vm.Percent <= 100)
	fmt.Println(platform.Bytes2Human(float64(vm.Total)) != "")
	// Output:
	// true true
	// true
}

// A positive interval samples before and after waiting that long; the
// context can cut the wait short.
func ExampleSystem_CPUPercent() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	pct, err := platform.Default.CPUPercent(ctx, 100*time.Millisecond)
	fmt.Println(err, pct >= 0 && pct <= 100)

	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = platform.Default.CPUPercent(ctx, time.Minute)
	fmt.Println(errors.Is(err, context.DeadlineExceeded))
	// Output:
	// <nil> true
	// true
}

// process_iter(attrs): each process with the attributes asked for read
// at once; its methods then return those values. Those a process denies
// (AccessDenied) or no longer has (a zombie's) are the method's error.
func ExampleSystem_ProcessIterAttrs() {
	procs, err := platform.Default.ProcessIterAttrs([]string{"name", "username"})
	if err != nil {
		panic(err)
	}
	found := false
	for _, p := range procs {
		if p.Pid() == os.Getpid() {
			name, err := p.Name() // the prefetched value: no new read
			found = err == nil && name != ""
		}
	}
	fmt.Println("found this process:", found)
	// Output: found this process: true
}

// Listing with a deadline: a listing that cannot finish in time returns
// the context's error.
func ExampleSystem_ProcessIterContext() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	procs, err := platform.Default.ProcessIterContext(ctx)
	fmt.Println(err, len(procs) > 0)
	// Output: <nil> true
}

func ExampleProcess_MemoryInfo() {
	p, err := platform.Default.NewProcess(os.Getpid())
	if err != nil {
		panic(err)
	}
	mi, err := p.MemoryInfo()
	fmt.Println(err, mi.RSS > 0, mi.VMS > 0)
	// Output: <nil> true true
}

// A process that does not exist is a *NoSuchProcess, psutil's class, found
// with errors.As.
func ExampleNoSuchProcess() {
	_, err := platform.Default.NewProcess(1<<31 - 2)
	var nsp *platform.NoSuchProcess
	if errors.As(err, &nsp) {
		fmt.Println("no such process:", nsp.Pid)
	}
	// Output: no such process: 2147483646
}

// net_connections: this program's own listening socket (c.Pid is this
// program's pid where the OS tells, as root or for one's own sockets).
func ExampleSystem_NetConnections() {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	conns, err := platform.Default.NetConnections("tcp4")
	if err != nil {
		panic(err)
	}
	for _, c := range conns {
		if c.Laddr.Port == port && c.Status == platform.CONN_LISTEN {
			fmt.Println("listening on", c.Laddr.IP, "raddr empty:", c.Raddr.IsZero())
		}
	}
	// Output: listening on 127.0.0.1 raddr empty: true
}

func ExampleSystem_DiskUsage() {
	du, err := platform.Default.DiskUsage(os.TempDir())
	if err != nil {
		panic(err)
	}
	fmt.Println(du.Total > 0, du.Free <= du.Total, du.Percent >= 0 && du.Percent <= 100)
	// Output: true true true
}

// encoding/json gives psutil's _asdict(): psutil's field names, None as
// null, a connection's addresses as psutil shapes them (an empty raddr is
// null), enums as their numbers.
func Example_json() {
	c := platform.Conn{
		Fd: 3, Family: platform.AF_INET, Type: platform.SOCK_STREAM,
		Laddr:  platform.ConnAddr{IP: "127.0.0.1", Port: 8080},
		Status: platform.CONN_LISTEN,
	}
	b, err := json.Marshal(c)
	fmt.Println(string(b), err)

	du := platform.DiskUsage{Total: 100, Used: 25, Free: 75, Percent: 25}
	b, err = json.Marshal(du)
	fmt.Println(string(b), err)
	// Output:
	// {"fd":3,"family":2,"type":1,"laddr":{"ip":"127.0.0.1","port":8080},"raddr":null,"status":"LISTEN","pid":null} <nil>
	// {"total":100,"used":25,"free":75,"percent":25} <nil>
}

// A Process encodes as its as_dict(): every attribute, null for those
// denied.
func ExampleProcess_MarshalJSON() {
	p, err := platform.Default.NewProcess(os.Getpid())
	if err != nil {
		panic(err)
	}
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		panic(err)
	}
	fmt.Println(d["pid"] == float64(os.Getpid()), d["name"] != nil)
	// Output: true true
}
