-- A clone of 'netstat -antp': a port of psutil's scripts/netstat.py.
-- Without root, the PID and program of other users' sockets are "-" and
-- "?", as psutil cannot see them (here the one listening socket belongs to
-- pid 1 in another network namespace, hidden even from root).
--
-- $ psulua examples/netstat.lua
-- Proto Local address                  Remote address                 Status        PID    Program name
-- tcp   0.0.0.0:2024                   -                              LISTEN        -      ?
-- tcp   127.0.0.1:8765                 -                              LISTEN        13307  python3
-- tcp   127.0.0.1:57530                127.0.0.1:33735                TIME_WAIT     -      ?
local psutil = require("psutil")

local AD = "-"
local proto_map = {
  [psutil.AF_INET] = {[psutil.SOCK_STREAM] = "tcp", [psutil.SOCK_DGRAM] = "udp"},
  [psutil.AF_INET6] = {[psutil.SOCK_STREAM] = "tcp6", [psutil.SOCK_DGRAM] = "udp6"},
}

local templ = "%-5s %-30s %-30s %-13s %-6s %s"
print(string.format(templ, "Proto", "Local address", "Remote address", "Status", "PID", "Program name"))

local proc_names = {}
for p in psutil.process_iter({"pid", "name"}) do
  proc_names[p.pid] = p:name() or ""
end

for _, c in ipairs(psutil.net_connections("inet")) do
  local laddr = c.laddr.ip .. ":" .. c.laddr.port
  local raddr = AD
  if c.raddr and c.raddr.ip then
    raddr = c.raddr.ip .. ":" .. c.raddr.port
  end
  local name = "?"
  if c.pid ~= nil and proc_names[c.pid] then name = proc_names[c.pid] end
  print(string.format(templ, proto_map[c.family][c.type], laddr, raddr, c.status,
    c.pid and string.format("%d", c.pid) or AD, name:sub(1, 15)))
end
