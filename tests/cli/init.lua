-- Run by LUA_INIT=@init.lua before anything else.
print("init file", arg)
INIT = "set by init.lua"
