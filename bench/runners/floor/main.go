// Command floor prints the ps listing with the least work a Go program
// can do (see workload.FloorPs): the floor psulua's Go API is measured
// against.
package main

import (
	"fmt"
	"os"

	"github.com/psulua/psulua/bench/internal/workload"
)

func main() {
	if len(os.Args) != 2 || os.Args[1] != "ps" {
		fmt.Fprintln(os.Stderr, "usage: floor ps")
		os.Exit(2)
	}
	if err := workload.FloorPs(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}
