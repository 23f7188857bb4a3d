package bindings

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

func setConstants(L *lua.LState, mod *lua.LTable) {
	for name, v := range map[string]bool{
		"LINUX": platform.LINUX, "WINDOWS": platform.WINDOWS, "MACOS": platform.MACOS,
		"OSX": platform.MACOS, "FREEBSD": platform.FREEBSD, "OPENBSD": platform.OPENBSD,
		"NETBSD": platform.NETBSD, "BSD": platform.BSD, "SUNOS": platform.SUNOS,
		"AIX": platform.AIX, "POSIX": platform.POSIX,
	} {
		mod.RawSetString(name, lua.LBool(v))
	}
	for name, v := range map[string]int{
		"AF_UNIX": int(platform.AF_UNIX), "AF_INET": int(platform.AF_INET),
		"AF_INET6": int(platform.AF_INET6), "AF_LINK": int(platform.AF_LINK),
		"SOCK_STREAM": int(platform.SOCK_STREAM), "SOCK_DGRAM": int(platform.SOCK_DGRAM),
		"NIC_DUPLEX_FULL":      int(platform.NIC_DUPLEX_FULL),
		"NIC_DUPLEX_HALF":      int(platform.NIC_DUPLEX_HALF),
		"NIC_DUPLEX_UNKNOWN":   int(platform.NIC_DUPLEX_UNKNOWN),
		"POWER_TIME_UNKNOWN":   int(platform.POWER_TIME_UNKNOWN),
		"POWER_TIME_UNLIMITED": int(platform.POWER_TIME_UNLIMITED),
	} {
		mod.RawSetString(name, lua.LNumber(v))
	}
	mod.RawSetString("__version__", lua.LString(platform.Version))
	vi := L.NewTable()
	for _, part := range strings.Split(platform.Version, ".") {
		n, _ := strconv.Atoi(part)
		vi.Append(lua.LNumber(n))
	}
	mod.RawSetString("version_info", vi)
}
