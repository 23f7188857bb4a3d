// Command embed shows psulua embedded in a Go program: it runs alerting
// rules written in Lua by its users, safely (read-only sandbox, time and
// memory limits), and prints the alerts they raise.
//
//	go run ./examples/embed [rules.lua]
//
// A rules file calls alert(message) for each problem it finds; see
// rules.lua beside this file.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/psulua/psulua/engine"
)

func main() {
	path := "examples/embed/rules.lua"
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	rules, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}

	h := engine.New(engine.Options{
		Sandbox:     engine.ReadOnly(),
		Timeout:     2 * time.Second,
		MemoryLimit: 64 << 20,
	})
	defer h.Close()
	var alerts []string
	h.RegisterFunc("alert", func(args ...any) ([]any, error) {
		alerts = append(alerts, fmt.Sprint(args...))
		return nil, nil
	})

	if err := h.RunChunk(context.Background(), string(rules), path); err != nil {
		fmt.Fprintln(os.Stderr, "rules failed:", err)
		os.Exit(1)
	}
	for _, a := range alerts {
		fmt.Println("ALERT:", a)
	}
	fmt.Printf("%d alert(s)\n", len(alerts))
}
