package platform

import (
	"bytes"
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// jsonNotValues are the exported struct types that are not values psutil
// returns, so they need no json tags; each says what it is.
var jsonNotValues = map[string]string{
	"ConnKindError":       "an error",
	"NotImplementedError": "an error",
	"NoSuchProcess":       "an error",
	"ZombieProcess":       "an error",
	"AccessDenied":        "an error",
	"TimeoutExpired":      "an error",
	"PrefetchedError":     "an error",
	"FS":                  "the roots a System reads",
	"PopenOptions":        "the options of Popen",
	"Popen":               "a child process handle",
	"PipeReader":          "a pipe",
}

// jsonTuples are the named tuples, as values; TestJSONTags checks that
// the list names every struct type with `tuple` tags.
var jsonTuples = []any{
	CPUTimes{}, CPUStats{}, CPUFreq{}, VirtualMemory{}, SwapMemory{},
	DiskPartition{}, DiskUsage{}, DiskIOCounters{}, NetIOCounters{},
	NetIfAddr{}, NetIfStats{}, Temperature{}, Fan{}, Battery{}, User{},
	Addr{}, Conn{}, ProcessConn{},
	MemoryInfo{}, MemoryInfoEx{}, MemoryFootprint{}, MemoryFullInfo{},
	ProcessCPUTimes{}, ProcessIOCounters{}, CtxSwitches{}, Uids{}, Gids{},
	Ionice{}, OpenFile{}, Thread{}, MemoryMapGrouped{}, MemoryMapExt{},
	PageFaults{}, HeapStats{},
}

// TestJSONTags: every exported field of every exported struct type of the
// package (on every OS: all its files are parsed) has a json tag, and
// the tag is the field's `tuple` name where it has one.
func TestJSONTags(t *testing.T) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if pkgs["platform"] == nil {
		t.Fatal("the package's source files are not in the current directory (make unpriv copies them)")
	}
	structs := map[string]bool{}
	var tuples []string
	for _, f := range pkgs["platform"].Files {
		ast.Inspect(f, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			if !ok || !ts.Name.IsExported() {
				return true
			}
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				return true
			}
			name := ts.Name.Name
			structs[name] = true
			if _, skip := jsonNotValues[name]; skip {
				return true
			}
			isTuple := false
			for _, field := range st.Fields.List {
				var tag reflect.StructTag
				if field.Tag != nil {
					s, _ := strconv.Unquote(field.Tag.Value)
					tag = reflect.StructTag(s)
				}
				names := field.Names
				if names == nil { // embedded
					names = []*ast.Ident{ast.NewIdent(types(field.Type))}
				}
				for _, id := range names {
					if !id.IsExported() {
						continue
					}
					js, ok := tag.Lookup("json")
					if !ok {
						t.Errorf("%s.%s (%s) has no json tag", name, id.Name, fset.Position(id.Pos()))
						continue
					}
					if tn, ok := tag.Lookup("tuple"); ok {
						isTuple = true
						if js != tn {
							t.Errorf("%s.%s: json tag %q, tuple name %q", name, id.Name, js, tn)
						}
					}
				}
			}
			if isTuple {
				tuples = append(tuples, name)
			}
			return true
		})
	}
	for name := range jsonNotValues {
		if !structs[name] {
			t.Errorf("jsonNotValues names %s, which is not an exported struct type", name)
		}
	}
	var listed []string
	for _, v := range jsonTuples {
		listed = append(listed, reflect.TypeOf(v).Name())
	}
	slices.Sort(tuples)
	slices.Sort(listed)
	if !slices.Equal(tuples, listed) {
		t.Errorf("jsonTuples lists\n%v\nthe package's tuples are\n%v", listed, tuples)
	}
}

// types names an embedded field's type.
func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.StarExpr:
		return types(e.X)
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

// jsonKeys are the keys of a JSON object, in order.
func jsonKeys(t *testing.T, b []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("%s is not an object", b)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// TestJSONOfTuples: each named tuple encodes as psutil's _asdict() on
// this OS: its fields for this OS, in psutil's order, by psutil's names.
func TestJSONOfTuples(t *testing.T) {
	for _, v := range jsonTuples {
		rt := reflect.TypeOf(v)
		var want []string
		for i := 0; i < rt.NumField(); i++ {
			if f := rt.Field(i); TupleFieldOnOS(f.Tag.Get("os")) {
				want = append(want, f.Tag.Get("tuple"))
			}
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", rt.Name(), err)
		}
		if got := jsonKeys(t, b); !slices.Equal(got, want) {
			t.Errorf("%s: keys %v, want %v", rt.Name(), got, want)
		}
	}
}

// TestJSONValues: None is null, enums are their numbers (as Python's json
// gives an IntEnum), and a connection's addresses take psutil's shapes.
func TestJSONValues(t *testing.T) {
	pid := 42
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"None is null", Temperature{Label: "Core 0", Current: 45.5}, `{"label":"Core 0","current":45.5,"high":null,"critical":null}`},
		{"optional values set", User{Name: "root", Terminal: ptr("pts/0"), Started: 1.5, Pid: 7}, `{"name":"root","terminal":"pts/0","host":null,"started":1.5,"pid":7}`},
		{"NicDuplex is its number", NetIfStats{Isup: true, Duplex: NIC_DUPLEX_FULL, Speed: 1000, MTU: 1500, Flags: "up"}, `{"isup":true,"duplex":2,"speed":1000,"mtu":1500,"flags":"up"}`},
		{"POWER_TIME_UNLIMITED is its number", Battery{Percent: 100, Secsleft: POWER_TIME_UNLIMITED, PowerPlugged: ptr(true)}, `{"percent":100,"secsleft":-2,"power_plugged":true}`},
		{"IOPriorityClass is its number", Ionice{Ioclass: IOPRIO_CLASS_BE, Value: 4}, `{"ioclass":2,"value":4}`},
		{"inet connection, listening: raddr null", Conn{Fd: 3, Family: AF_INET, Type: SOCK_STREAM, Laddr: ConnAddr{IP: "127.0.0.1", Port: 8080}, Status: CONN_LISTEN, Pid: &pid},
			`{"fd":3,"family":` + strconv.Itoa(int(AF_INET)) + `,"type":` + strconv.Itoa(int(SOCK_STREAM)) + `,"laddr":{"ip":"127.0.0.1","port":8080},"raddr":null,"status":"LISTEN","pid":42}`},
		{"inet connection, established, owner unknown", Conn{Fd: -1, Family: AF_INET6, Type: SOCK_STREAM, Laddr: ConnAddr{IP: "::1", Port: 5000}, Raddr: ConnAddr{IP: "::1", Port: 40000}, Status: CONN_ESTABLISHED},
			`{"fd":-1,"family":` + strconv.Itoa(int(AF_INET6)) + `,"type":` + strconv.Itoa(int(SOCK_STREAM)) + `,"laddr":{"ip":"::1","port":5000},"raddr":{"ip":"::1","port":40000},"status":"ESTABLISHED","pid":null}`},
		{"UNIX connection: paths", ProcessConn{Fd: 5, Family: AF_UNIX, Type: SOCK_STREAM, Laddr: ConnAddr{Path: "/run/x.sock"}, Status: CONN_NONE},
			`{"fd":5,"family":` + strconv.Itoa(int(AF_UNIX)) + `,"type":` + strconv.Itoa(int(SOCK_STREAM)) + `,"laddr":"/run/x.sock","raddr":"","status":"NONE"}`},
		{"a ConnAddr alone", ConnAddr{IP: "10.0.0.1", Port: 22}, `{"ip":"10.0.0.1","port":22,"path":""}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := json.Marshal(c.v)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != c.want {
				t.Errorf("got  %s\nwant %s", b, c.want)
			}
		})
	}

	// The numbers read back into the enum types.
	var back NetIfStats
	if err := json.Unmarshal([]byte(`{"duplex":2}`), &back); err != nil || back.Duplex != NIC_DUPLEX_FULL {
		t.Errorf("unmarshal: %+v, %v", back, err)
	}
}

func ptr[T any](v T) *T { return &v }
