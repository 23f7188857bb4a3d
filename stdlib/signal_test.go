//go:build linux

package stdlib

import (
	"strconv"
	"syscall"
	"testing"
)

// The numbers are this system's, as Python's signal module gives them on
// Linux.
func TestSignalNumbers(t *testing.T) {
	num := func(s syscall.Signal) string { return strconv.Itoa(int(s)) }
	runCases(t, []luaCase{
		{name: "SIGTERM", chunk: `local signal = require("signal") return signal.SIGTERM`, want: num(syscall.SIGTERM)},
		{name: "SIGKILL and SIGHUP", chunk: `local signal = require("signal") return signal.SIGKILL, signal.SIGHUP`, want: num(syscall.SIGKILL) + "\t" + num(syscall.SIGHUP)},
		{name: "aliases", chunk: `local signal = require("signal") return signal.SIGIOT == signal.SIGABRT, signal.SIGCLD == signal.SIGCHLD, signal.SIGPOLL == signal.SIGIO`, want: "true\ttrue\ttrue"},
		{name: "real-time range as glibc gives it", chunk: `local signal = require("signal") return signal.SIGRTMIN, signal.SIGRTMAX, signal.NSIG`, want: "34\t64\t65"},
		{name: "name of a number", chunk: `local signal = require("signal") return signal.name(15), signal.name(6), signal.name(200)`, want: "SIGTERM\tSIGABRT\tnil"},
		{name: "names sorted", chunk: `local signal = require("signal") local n = signal.names() return n[1], #n > 30`, want: "SIGABRT\ttrue"},
		{name: "name of a string", chunk: `local signal = require("signal") return pcall(signal.name, "x")`, want: "false\t<string>:1: bad argument #1 to 'name' (number expected, got string)"},
		{name: "unknown name is nil", chunk: `local signal = require("signal") return signal.SIGBREAK`, want: "nil"},
	}, defaultState)
}
