// Command psulua-go runs a benchmark workload (ps, sys or conn) with
// psulua's Go API, the platform package, and prints it to stdout.
package main

import (
	"fmt"
	"os"

	"github.com/psulua/psulua/bench/internal/workload"
	"github.com/psulua/psulua/platform"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: psulua-go ps|sys|conn")
		os.Exit(2)
	}
	sys := platform.Default
	var err error
	switch os.Args[1] {
	case "ps":
		err = workload.PsuluaPs(sys, os.Stdout)
	case "sys":
		err = workload.PsuluaSys(sys, os.Stdout)
	case "conn":
		err = workload.PsuluaConn(sys, os.Stdout)
	default:
		err = fmt.Errorf("unknown workload %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "psulua-go:", err)
		os.Exit(1)
	}
}
