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
--
-- --json prints one JSON list instead, an object per socket with the
-- fields of net_connections("inet") (laddr and raddr as {ip, port}, raddr
-- and pid null when there is none), its "proto" and the "name" of its
-- process.
local psutil = require("psutil")
local argparse = require("argparse")
local json = require("json")

local parser = argparse.new{prog = "netstat", description = "A clone of netstat -antp (psutil's scripts/netstat.py)."}
parser:flag{"--json", help = "print one JSON document"}
local args = parser:parse_args(arg)

local AD = "-"
local proto_map = {
  [psutil.AF_INET] = {[psutil.SOCK_STREAM] = "tcp", [psutil.SOCK_DGRAM] = "udp"},
  [psutil.AF_INET6] = {[psutil.SOCK_STREAM] = "tcp6", [psutil.SOCK_DGRAM] = "udp6"},
}

local templ = "%-5s %-30s %-30s %-13s %-6s %s"
if not args.json then
  print(string.format(templ, "Proto", "Local address", "Remote address", "Status", "PID", "Program name"))
end

local proc_names = {}
for p in psutil.process_iter({"pid", "name"}) do
  proc_names[p.pid] = p:name() or ""
end

local rows = {}
for _, c in ipairs(psutil.net_connections("inet")) do
  local proto = proto_map[c.family][c.type]
  local has_raddr = c.raddr and c.raddr.ip
  local name = c.pid ~= nil and proc_names[c.pid] or nil
  if args.json then
    rows[#rows + 1] = {proto = proto, fd = c.fd, family = c.family, type = c.type,
      laddr = c.laddr, raddr = has_raddr and c.raddr or json.null, status = c.status,
      pid = c.pid or json.null, name = name or json.null}
  else
    local laddr = c.laddr.ip .. ":" .. c.laddr.port
    local raddr = has_raddr and c.raddr.ip .. ":" .. c.raddr.port or AD
    print(string.format(templ, proto, laddr, raddr, c.status,
      c.pid and string.format("%d", c.pid) or AD, (name or "?"):sub(1, 15)))
  end
end
if args.json then
  print(json.encode(rows))
end
