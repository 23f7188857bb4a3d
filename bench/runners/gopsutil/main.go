// Command gopsutil runs a benchmark workload (ps, sys or conn) with
// github.com/shirou/gopsutil/v4 and prints it to stdout.
package main

import (
	"fmt"
	"os"

	"github.com/psulua/psulua/bench/internal/workload"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gopsutil ps|sys|conn")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "ps":
		err = workload.GopsutilPs(os.Stdout)
	case "sys":
		err = workload.GopsutilSys(os.Stdout)
	case "conn":
		err = workload.GopsutilConn(os.Stdout)
	default:
		err = fmt.Errorf("unknown workload %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gopsutil:", err)
		os.Exit(1)
	}
}
