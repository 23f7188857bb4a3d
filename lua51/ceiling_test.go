package lua51

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// TestRefusedSeesEachRefusal: every refusal of a result past the ceiling
// (or past what Room leaves) gives Options.Refused the message as raised,
// position included, and nothing else does.
func TestRefusedSeesEachRefusal(t *testing.T) {
	cases := []struct{ name, src string }{
		{"string.rep", `local x = ("x"):rep(2000)`},
		{"string.format", `local x = string.format("%s%s", big, big)`},
		{"table.concat", `local x = table.concat({big, big})`},
		{"string.gsub", `local x = ("xx"):gsub("x", big)`},
		{"string.upper (Room)", `local x = huge:upper()`},
		{"string.lower (Room)", `local x = huge:lower()`},
		{"string.reverse (Room)", `local x = huge:reverse()`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			L := lua.NewState()
			defer L.Close()
			var refused []lua.LString
			Install(L, Options{
				Ceiling:     1000,
				CeilingName: "the test's ceiling",
				Room:        func(size int64) bool { return false },
				Refused:     func(msg lua.LString) { refused = append(refused, msg) },
			})
			L.SetGlobal("big", lua.LString(make([]byte, 600)))
			L.SetGlobal("huge", lua.LString(make([]byte, 1<<20)))
			err := L.DoString(c.src)
			ae, ok := err.(*lua.ApiError)
			if !ok {
				t.Fatalf("error %v, want a Lua error", err)
			}
			if !strings.HasPrefix(ae.Object.String(), "<string>:1: ") {
				t.Errorf("error %q lacks the script's position", ae.Object)
			}
			if len(refused) != 1 || refused[0] != ae.Object {
				t.Fatalf("Refused got %q, the error raised is %q", refused, ae.Object)
			}
			if err := L.DoString(`local ok = pcall(string.rep, "x", -1) error("other")`); err == nil || len(refused) != 1 {
				t.Fatalf("another error reached Refused: %q", refused)
			}
		})
	}
}
