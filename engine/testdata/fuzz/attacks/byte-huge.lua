-- Issue 19: s:byte(1, -1) on a 4 MiB string pushes its values one by one
-- onto a stack that grows step by step: minutes, past the time limit.
local s = ("x"):rep(4 * 2^20)
local t = {s:byte(1, -1)}
