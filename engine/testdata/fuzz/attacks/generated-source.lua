-- Issue 19: parsing and compiling do not look at the time limit, and the
-- memory they take is transient and partly on goroutine stacks, unseen by
-- the watchdog: 2 MB of generated source runs for 80+ s.
local t = {}
for i = 1, 1e5 do t[i] = "local a" .. i .. " = {" .. i .. ", '" .. i .. "'}" end
loadstring(table.concat(t, "\n"))
