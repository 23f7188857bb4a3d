package main

import (
	"os"
	"runtime"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// debianLuaPath is lua5.1's default package.path on Debian: lua.c's, with
// Debian's module folders, where `apt install lua-inspect` and `luarocks`
// put modules, so require finds them as lua5.1 does. LUA_PATH replaces
// it, and ";;" in LUA_PATH stands for it.
const debianLuaPath = "./?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/share/lua/5.1/?/init.lua;" +
	"/usr/local/lib/lua/5.1/?.lua;/usr/local/lib/lua/5.1/?/init.lua;/usr/share/lua/5.1/?.lua;/usr/share/lua/5.1/?/init.lua"

// gopher-lua reads its default when each state opens its package
// library: set before any state exists. Windows keeps gopher-lua's
// (LUA_PATH or the executable's folder).
func init() {
	if runtime.GOOS != "windows" {
		lua.LuaPathDefault = debianLuaPath
	}
}

// debianTriplets are Debian's multiarch folder names, part of its
// package.cpath.
var debianTriplets = map[string]string{"amd64": "x86_64-linux-gnu", "arm64": "aarch64-linux-gnu", "386": "i386-linux-gnu"}

// setCPath sets package.cpath as lua5.1 on Debian has it (LUA_CPATH, ";;"
// its default), so a missing module's error lists the C modules searched
// too, and one found says it cannot be loaded rather than "not found".
func setCPath(L *lua.LState) {
	pkg, ok := L.GetGlobal("package").(*lua.LTable)
	if !ok || runtime.GOOS == "windows" {
		return
	}
	def := "./?.so;/usr/local/lib/lua/5.1/?.so;"
	if t, ok := debianTriplets[runtime.GOARCH]; ok {
		def += "/usr/lib/" + t + "/lua/5.1/?.so;"
	}
	def += "/usr/lib/lua/5.1/?.so;/usr/local/lib/lua/5.1/loadall.so"
	path := os.Getenv("LUA_CPATH")
	if path == "" {
		path = def
	}
	pkg.RawSetString("cpath", lua.LString(strings.ReplaceAll(path, ";;", ";"+def+";")))
}
