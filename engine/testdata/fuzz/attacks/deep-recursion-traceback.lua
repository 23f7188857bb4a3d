-- Found by FuzzRunString's seeds: a recursion to the call-stack limit
-- (8000 frames) ends with "stack overflow" or the time limit, and then
-- gopher-lua builds the traceback with LState.stackTrace, which calls
-- GetStack(i) for each level i, walking the frames from the top every
-- time: quadratic in the depth. 0.6-0.9 s for this script, 0.5-0.8 s past
-- a 100 ms time limit. (A pcall inside the script does not pay this: the
-- engine's pcall passes a message handler, and gopher-lua builds no
-- traceback then; the top-level run passes none.) The fuzzer found the
-- same on its own, minimized to "function f(A)f(0)end f(0)".
local function f(n) return 1 + f(n + 1) end
f(1)
