-- Run by `make wintest` as `psulua.exe tests/wine/windows.lua` under wine:
-- every system function and every Process method of a child process on
-- Windows, printed, with psutil's shapes checked. "not implemented" is
-- allowed only where psutil itself has no Windows implementation. Exits
-- non-zero on the first failed check.
local psutil = require("psutil")
local time = require("time")

local failures = 0
local function check(ok, what)
  if not ok then
    failures = failures + 1
    io.stderr:write("FAIL: " .. what .. "\n")
  end
end

local function show(name, v)
  if type(v) == "table" and getmetatable(v) == nil then
    local parts = {}
    for k, x in pairs(v) do parts[#parts + 1] = tostring(k) .. "=" .. tostring(x) end
    table.sort(parts)
    v = "{" .. table.concat(parts, ", ") .. "}"
  end
  print(string.format("%-24s %s", name, tostring(v)))
end

check(psutil.WINDOWS and not psutil.LINUX and not psutil.POSIX, "OS constants")
check(psutil.HIGH_PRIORITY_CLASS == 128 and psutil.IOPRIO_NORMAL == 2, "Windows constants")
check(rawget(psutil, "RLIMIT_NOFILE") == nil and rawget(psutil, "IOPRIO_CLASS_BE") == nil, "no Linux constants")
check(psutil.AF_LINK == -1, "AF_LINK")

-- psutil's Windows tuples.
local function fields(t) return table.concat(t._fields, ",") end
local function same(t, want, what) check(fields(t) == want, what .. " fields: " .. fields(t)) end

-- System functions.
local ct = psutil.cpu_times()
same(ct, "user,system,idle,irq,dpc", "scputimes")
same(psutil.cpu_times_percent(0), "user,system,idle,irq,dpc", "cpu_times_percent")
same(psutil.virtual_memory(), "total,available,percent,used,free,cached,wired", "svmem")
show("cpu_times", ct)
check(ct.user > 0 and ct.idle >= 0, "cpu_times")
local per = psutil.cpu_times(true)
check(#per == psutil.cpu_count(), "cpu_times(percpu)")
show("cpu_percent", psutil.cpu_percent(0.1))
show("cpu_times_percent", psutil.cpu_times_percent(0.1))
show("cpu_count", psutil.cpu_count() .. " logical, " .. tostring(psutil.cpu_count(false)) .. " cores")
show("cpu_stats", psutil.cpu_stats())
local f = psutil.cpu_freq()
show("cpu_freq", f)
check(f.current > 0, "cpu_freq")
local la = psutil.getloadavg()
show("getloadavg", table.concat(la, " "))
check(#la == 3, "getloadavg")
local vm = psutil.virtual_memory()
show("virtual_memory", vm)
check(vm.total > 0 and vm.available <= vm.total, "virtual_memory")
show("swap_memory", psutil.swap_memory())
local parts = psutil.disk_partitions()
for _, p in ipairs(parts) do show("disk_partitions", p) end
check(#parts > 0 and parts[1].mountpoint:match("^%a:\\$"), "disk_partitions")
local du = psutil.disk_usage("C:\\")
show("disk_usage", du)
check(du.total > 0, "disk_usage")
show("disk_io_counters", psutil.disk_io_counters())
show("net_io_counters", psutil.net_io_counters())
for nic, addrs in pairs(psutil.net_if_addrs()) do
  for _, a in ipairs(addrs) do show("net_if_addrs " .. nic, a) end
end
for nic, st in pairs(psutil.net_if_stats()) do show("net_if_stats " .. nic, st) end
local conns = psutil.net_connections("tcp")
show("net_connections", #conns .. " TCP sockets")
if conns[1] then show("", conns[1]) end
local bt = psutil.boot_time()
show("boot_time", os.date("%Y-%m-%d %H:%M:%S", bt))
check(bt > 0 and bt < os.time(), "boot_time")
show("users", #psutil.users())
show("sensors_battery", psutil.sensors_battery())
for _, fn in ipairs({"sensors_temperatures", "sensors_fans"}) do
  local ok, err = pcall(psutil[fn])
  check(not ok and tostring(err):match("not implemented"), fn .. " is not implemented on Windows")
end
local pids = psutil.pids()
show("pids", table.concat(pids, " "))
check(psutil.pid_exists(pids[#pids]), "pid_exists")

-- A child: this psulua.exe, sleeping.
local me = psutil.Process()
local child = psutil.Popen({me:exe(), "-e", "require('time').sleep(30)"}, {cwd = "C:\\windows"})
time.sleep(0.5)
local p = psutil.Process(child.pid)
check(p == child, "Process(pid) == Popen")
local methods = {
  "name", "exe", "cmdline", "cwd", "environ", "ppid", "status", "username", "create_time",
  "cpu_times", "cpu_percent", "memory_info", "memory_info_ex", "memory_full_info", "memory_footprint",
  "memory_percent", "num_threads", "threads", "num_handles", "num_ctx_switches", "io_counters",
  "nice", "ionice", "cpu_affinity", "page_faults", "open_files", "memory_maps", "net_connections",
  "children", "parent",
  "parents", "is_running",
}
-- psutil's Windows Process has none of these.
local absent = {"uids", "gids", "terminal", "num_fds", "rlimit", "cpu_num"}
for _, m in ipairs(methods) do
  local ok, v = pcall(p[m], p)
  if m == "environ" and ok then v = "PATH=" .. tostring(v.PATH) end
  if type(v) == "table" and #v > 0 and ok then v = #v .. " entries" end
  show(m, v)
  -- wine does not implement the I/O priority (ProcessIoPriority).
  check(ok or (m == "ionice" and tostring(v):match("not implemented")), m .. ": " .. tostring(v))
end
for _, m in ipairs(absent) do
  local ok, err = pcall(function() return p[m] end)
  check(not ok and tostring(err):find("'Process' object has no attribute '" .. m .. "'", 1, true), "Process." .. m .. " on Windows: " .. tostring(err))
end
check(p:ppid() == me.pid and p:parent() == me, "the child's parent")
same(p:memory_info(), "rss,vms,peak_rss,peak_vms", "pmem")
same(p:memory_info_ex(), "rss,vms,peak_rss,peak_vms,virtual,peak_virtual,paged_pool,nonpaged_pool,peak_paged_pool,peak_nonpaged_pool", "pmem_ex")
same(p:memory_full_info(), "rss,vms,peak_rss,peak_vms,uss", "pfullmem")
same(p:memory_footprint(), "uss", "pfootprint")
same(p:cpu_times(), "user,system,children_user,children_system", "pcputimes")
for _, f in ipairs(me:open_files()) do same(f, "path,fd", "popenfile") end
same(p:memory_maps()[1], "path,rss", "pmmap_grouped")
same(p:memory_maps(false)[1], "addr,perms,path,rss", "pmmap_ext")
same(p:io_counters(), "read_count,write_count,read_bytes,write_bytes,other_count,other_bytes", "pio")
check(p:name() == "psulua.exe", "the child's name")
local cl = p:cmdline()
check(#cl == 3 and cl[2] == "-e" and cl[3] == "require('time').sleep(30)", "the child's cmdline")
check(p:cwd():lower() == "c:\\windows", "the child's cwd")
p:nice(psutil.BELOW_NORMAL_PRIORITY_CLASS)
check(p:nice() == psutil.BELOW_NORMAL_PRIORITY_CLASS, "nice(BELOW_NORMAL_PRIORITY_CLASS)")
p:suspend()
show("status suspended", p:status())
p:resume()
check(p:status() == psutil.STATUS_RUNNING, "status after resume")
local ok, err = pcall(p.wait, p, 0)
check(not ok and psutil.iserror(err, psutil.TimeoutExpired), "wait(0): " .. tostring(err))
p:kill()
local code = p:wait(10)
show("wait", code)
check(code == 15, "exit code after kill: " .. tostring(code))
ok, err = pcall(p.status, p)
check(not ok and psutil.iserror(err, psutil.NoSuchProcess), "status of a dead process: " .. tostring(err))
show("repr", tostring(p))
local d = me:as_dict()
check(d.num_handles ~= nil and d.uids == nil and d.terminal == nil, "as_dict has Windows' attributes")
ok, err = pcall(me.as_dict, me, {"uids"})
check(not ok, "as_dict({'uids'}) on Windows")

-- send_signal: SIGTERM ends the process; other signals are refused.
local signal = require("signal")
local child2 = psutil.Popen({me:exe(), "-e", "require('time').sleep(30)"})
ok, err = pcall(child2.send_signal, child2, signal.SIGINT)
check(not ok and tostring(err):match("SIGTERM"), "send_signal(SIGINT): " .. tostring(err))
child2:send_signal(signal.SIGTERM)
check(child2:wait(10) == 15, "exit code after send_signal(SIGTERM)")

-- psutil's errors.
ok, err = pcall(psutil.Process, 0x7ffffff0)
check(not ok and psutil.iserror(err, psutil.NoSuchProcess), "Process of a missing pid: " .. tostring(err))
ok, err = pcall(function() return psutil.Process(0):cwd() end)
check(not ok and psutil.iserror(err, psutil.AccessDenied), "Process(0):cwd(): " .. tostring(err))
show("AccessDenied", err)
local n_iter = 0
for proc in psutil.process_iter({"pid", "name", "username", "cmdline", "memory_info"}) do
  n_iter = n_iter + 1
  check(proc.info.name ~= nil and proc.info.memory_info ~= nil, "process_iter info of " .. proc.pid)
end
check(n_iter > 1, "process_iter lists the processes")

-- The services.
local n = 0
for svc in psutil.win_service_iter() do
  n = n + 1
  if n == 1 then
    local d = svc:as_dict()
    show("win_service_iter", tostring(svc))
    show("as_dict", d)
    check(d.name == svc:name() and d.status ~= nil, "WindowsService.as_dict")
    check(psutil.win_service_get(svc:name()) == svc, "win_service_get")
  end
end
check(n > 0, "win_service_iter")
ok, err = pcall(psutil.win_service_get, "no such service")
check(not ok and psutil.iserror(err, psutil.NoSuchProcess), "win_service_get of a missing service")

if failures > 0 then
  io.stderr:write(failures .. " checks failed\n")
  os.exit(1)
end
print("ok")
