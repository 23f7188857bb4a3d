-- string.rep: a number is a string, a numeric string a count, and the
-- count is cut to a C int as luaL_checkint cuts it.
print(#("x"):rep(2^32 + 1), #("x"):rep(2^40), #("x"):rep(2^31), #("x"):rep(3.9), #("x"):rep(-0.5))
print(string.rep(7, 3), string.rep(1.5, 2), string.rep("ab", "3"), ("ab"):rep(0), ("ab"):rep(-1), (""):rep(1e9))
print(pcall(string.rep, {}, 2))
print(pcall(string.rep, "x"))
print(pcall(string.rep, "x", "y"))
print(#("xy"):rep(2^19 + 1)) -- past a megabyte: built a chunk at a time
