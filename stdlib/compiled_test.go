package stdlib

import (
	"bufio"
	"errors"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/psulua/psulua/stdlib/internal/luac"
)

var updateBytecode = flag.Bool("update", false, "write the stdlib's .luac files again")

// TestBytecode checks that each .luac file is its Lua module compiled by
// the gopher-lua that go.mod names, and that it reads back as that
// compilation, field by field (gopher-lua's unexported copy of the string
// constants too). With -update (go generate) it writes the files.
func TestBytecode(t *testing.T) {
	if v := goModVersion(t, "github.com/yuin/gopher-lua"); v != bytecodeGopherLua {
		t.Fatalf("go.mod requires gopher-lua %s, the .luac files are of %s: set bytecodeGopherLua and run go generate ./stdlib", v, bytecodeGopherLua)
	}
	for _, m := range []struct{ name, src, bytecode string }{
		{"argparse", argparseSource, argparseBytecode},
	} {
		p, err := compile(m.name, m.src)
		if err != nil {
			t.Fatal(err)
		}
		want, err := luac.Encode(p, bytecodeGopherLua)
		if err != nil {
			t.Fatal(err)
		}
		if *updateBytecode {
			if err := os.WriteFile(m.name+".luac", want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if m.bytecode != string(want) {
			t.Errorf("%s.luac is not %s.lua compiled: run go generate ./stdlib", m.name, m.name)
			continue
		}
		got, err := luac.Decode(m.bytecode, bytecodeGopherLua)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("%s.luac reads back as another FunctionProto than its compilation", m.name)
		}
		// Another gopher-lua's bytes, and damaged ones, are refused.
		if _, err := luac.Decode(m.bytecode, "v0.0.1"); !errors.Is(err, luac.ErrVersion) {
			t.Errorf("Decode with another version: %v", err)
		}
		for _, n := range []int{0, 20, len(m.bytecode) / 2, len(m.bytecode) - 1} {
			if _, err := luac.Decode(m.bytecode[:n], bytecodeGopherLua); err == nil {
				t.Errorf("Decode of the first %d bytes succeeded", n)
			}
		}
		if _, err := luac.Decode(m.bytecode+"x", bytecodeGopherLua); err == nil {
			t.Error("Decode with a byte more succeeded")
		}
	}
}

// goModVersion is the version of module path that ../go.mod requires.
func goModVersion(t *testing.T, path string) string {
	f, err := os.Open("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) >= 2 && fields[0] == path {
			return fields[1]
		}
	}
	t.Fatalf("go.mod does not require %s", path)
	return ""
}

func BenchmarkArgparseBytecode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := luac.Decode(argparseBytecode, bytecodeGopherLua); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkArgparseCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := compile("argparse", argparseSource); err != nil {
			b.Fatal(err)
		}
	}
}
