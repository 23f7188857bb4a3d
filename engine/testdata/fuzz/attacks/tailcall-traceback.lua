-- Found by FuzzRunString's seeds: a tail call without end stops at the
-- time limit, but gopher-lua then builds the error's traceback with one
-- "(tailcall): ?" line per tail call made (LState.stackTrace): millions of
-- lines, hundreds of MiB, and the run returns long after the limit (with
-- a 100 ms limit: 0.4 s and +155 MiB resident against a 32 MiB ceiling;
-- with 400 ms: 1.2 s and +313 MiB). Lua 5.1 prints one "(tail call): ?".
local function f() return f() end
f()
