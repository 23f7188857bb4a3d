-- Listening TCP sockets and bound UDP sockets, one series per process and
-- address: which program serves which port, for an alert when a service
-- stops listening or something unexpected starts to. Without root the
-- processes of other users show as pid "" and name "".
--
-- $ psulua-exporter --collector.script=examples/exporter/listening_sockets.lua
-- psulua_listening_socket{address="0.0.0.0",name="sshd",pid="612",port="22",proto="tcp"} 1
-- psulua_listening_sockets{name="sshd"} 2
local psutil = require("psutil")
local metrics = require("metrics")

local socket = metrics.gauge("psulua_listening_socket",
  "A socket listening (TCP) or bound (UDP), by process and local address.",
  {"proto", "address", "port", "pid", "name"})
local per_process = metrics.gauge("psulua_listening_sockets",
  "Number of listening sockets of each program.", {"name"})

metrics.collect(function()
  local names = {}
  local function name_of(pid)
    if not pid then
      return ""
    end
    if names[pid] == nil then
      local ok, n = pcall(function() return psutil.Process(pid):name() end)
      names[pid] = ok and n or ""
    end
    return names[pid]
  end
  local totals = {}
  for _, c in ipairs(psutil.net_connections("inet")) do
    local tcp = c.type == psutil.SOCK_STREAM
    -- An unconnected UDP socket's raddr is the empty tuple, as in psutil.
    local bound = not tcp and (c.raddr == nil or c.raddr.ip == nil)
    if (tcp and c.status == psutil.CONN_LISTEN) or bound then
      local name = name_of(c.pid)
      socket:set(1, {
        proto = (tcp and "tcp" or "udp") .. (c.family == psutil.AF_INET6 and "6" or ""),
        address = c.laddr.ip,
        port = c.laddr.port,
        pid = c.pid or "",
        name = name,
      })
      totals[name] = (totals[name] or 0) + 1
    end
  end
  for name, n in pairs(totals) do
    per_process:set(n, {name = name})
  end
end)
