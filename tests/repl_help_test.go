package tests

import (
	"strings"
	"testing"

	"github.com/psulua/psulua/docs"
)

// TestREPLHelp: in a real terminal, help(x) prints x's entry of docs/ as
// the docs package renders it, and dir(x) a list of names.
func TestREPLHelp(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	tm.run("p = psutil.Process()")
	tm.run(`json = require("json")`)
	for _, c := range []struct{ line, entry string }{
		{"help(psutil.virtual_memory())", "svmem"},
		{"help(psutil.cpu_percent)", "psutil.cpu_percent"},
		{"help(p.memory_info)", "Process:memory_info"},
		{`help("Process:name")`, "Process:name"},
		{`help("CONN_LISTEN")`, "psutil.CONN_*"},
		{"help(psutil.AccessDenied)", "psutil.AccessDenied"},
		{"help(json.decode)", "json.decode"},
		{"help(psutil)", "psutil"},
	} {
		e, _ := docs.Lookup(c.entry)
		if e == nil {
			t.Fatalf("no entry %s", c.entry)
		}
		if got := tm.run(c.line); got != e.Text() {
			t.Errorf("%s printed\n%s\nwant the entry %s:\n%s", c.line, got, c.entry, e.Text())
		}
	}
	if got := tm.run(`help("cpu_percnt")`); !strings.Contains(got, "Did you mean: psutil.cpu_percent") {
		t.Errorf(`help("cpu_percnt") printed %q`, got)
	}
	if got, want := tm.run("dir(psutil.swap_memory())"), `{"free", "percent", "sin", "sout", "total", "used"}`; got != want {
		t.Errorf("dir(psutil.swap_memory()) printed %q, want %q", got, want)
	}
	if got := tm.run("help()"); !strings.HasPrefix(got, "psulua: psutil for Lua.") {
		t.Errorf("help() printed %q", got)
	}
}
