-- Processes grouped by name, in the manner of process-exporter: for each
-- group, how many processes run, the CPU seconds they used, their resident
-- memory and their open file descriptors. Edit GROUPS to name the
-- processes you care about; every other process counts in "other".
-- The CPU counter is the sum over the processes running now, so it drops
-- when one of them ends: rate() reads a drop as a counter reset.
--
-- $ psulua-exporter --collector.script=examples/exporter/process_groups.lua
-- psulua_process_group_count{group="sshd"} 3
-- psulua_process_group_cpu_seconds_total{group="sshd",mode="user"} 0.42
-- psulua_process_group_resident_memory_bytes{group="sshd"} 2.1e+07
-- psulua_process_group_open_fds{group="sshd"} 31
local psutil = require("psutil")
local metrics = require("metrics")

-- A group name for each Lua pattern matched against the process name
-- (first match wins); nil leaves unmatched processes in "other".
local GROUPS = {
  {"sshd", "^sshd"},
  {"systemd", "^systemd"},
  {"prometheus", "^prometheus"},
  {"psulua", "^psulua"},
}
local OTHER = "other"

local count = metrics.gauge("psulua_process_group_count",
  "Number of processes in the group.", {"group"})
local cpu = metrics.counter("psulua_process_group_cpu_seconds_total",
  "CPU seconds used by the group's running processes, by mode.", {"group", "mode"})
local rss = metrics.gauge("psulua_process_group_resident_memory_bytes",
  "Resident memory of the group's processes.", {"group"})
local fds = metrics.gauge("psulua_process_group_open_fds",
  "Open file descriptors of the group's processes (those the exporter may read).", {"group"})

local function group_of(name)
  for _, g in ipairs(GROUPS) do
    if name:find(g[2]) then
      return g[1]
    end
  end
  return OTHER
end

metrics.collect(function()
  local groups = {}
  for p in psutil.process_iter({"name", "cpu_times", "memory_info", "num_fds"}) do
    local info = p.info
    local g = group_of(info.name or "")
    local t = groups[g]
    if not t then
      t = {count = 0, user = 0, system = 0, rss = 0, fds = 0}
      groups[g] = t
    end
    t.count = t.count + 1
    if info.cpu_times then
      t.user = t.user + info.cpu_times.user
      t.system = t.system + info.cpu_times.system
    end
    if info.memory_info then
      t.rss = t.rss + info.memory_info.rss
    end
    if info.num_fds then
      t.fds = t.fds + info.num_fds
    end
  end
  for g, t in pairs(groups) do
    count:set(t.count, {group = g})
    cpu:set(t.user, {group = g, mode = "user"})
    cpu:set(t.system, {group = g, mode = "system"})
    rss:set(t.rss, {group = g})
    fds:set(t.fds, {group = g})
  end
end)
