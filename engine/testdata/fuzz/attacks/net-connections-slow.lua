-- Found by FuzzRunString: net_connections is one Go call that does not
-- look at the time limit. On a machine with 10,000 sockets it takes
-- 0.2-0.45 s whatever the kind asked for ("unix" too: the time goes in
-- reading every process's fds), and under load (2 cores, load average
-- 5-12) 0.7 s: the run returns 0.6 s after a 100 ms limit. Like
-- unpack-huge.lua, a single call must return control near the deadline:
-- it now checks the run's context for each process whose /proc/<pid>/fd
-- it reads (3,000 loopback connections, a 10 ms limit: back 60 ms later).
local psutil = require("psutil")
for _, c in ipairs(psutil.net_connections("all")) do local _ = c.laddr end
