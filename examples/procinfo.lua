-- Detailed information about a process (this one when no pid is given): a
-- port of psutil's scripts/procinfo.py. -v lists every open file, thread,
-- environment variable and memory mapping instead of the first four. What
-- psutil may not read is left blank. On a terminal the labels are bold
-- green (and two columns wider, as procinfo.py does).
--
-- $ psulua examples/procinfo.lua 13108
-- pid         13108
-- name        sleep
-- parent      13106 (bash)
-- exe         /usr/bin/sleep
-- cwd         /work/main
-- cmdline     sleep 300
-- started     2026-11-25 12:06
-- cpu-tspent  0:00.0
-- cpu-times   user=0.0, system=0.0, children_user=0.0, children_system=0.0, iowait=0.0
-- cpu-affinity [0, 1]
-- cpu-num     1
-- memory      rss=1.8M, vms=2.9M, shared=1.7M, text=20.0K, data=356.0K
-- memory %    0.01
-- user        root
-- uids        real=0, effective=0, saved=0
-- uids        real=0, effective=0, saved=0
-- terminal
-- status      sleeping
-- nice        0
-- ionice      class=0, value=0
-- num-threads 1
-- num-fds     5
-- I/O         read_count=10.0B, write_count=0.0B, read_bytes=0.0B, write_bytes=0.0B, read_chars=6.8K, write_chars=0.0B
-- ctx-switches voluntary=1, involuntary=0
-- open-files  PATH
--             /tmp/bash_jobs.0/9c275dc3edd3/stdout
--             /tmp/bash_jobs.0/9c275dc3edd3/stderr
-- connections
-- threads
-- res-limits  RLIMIT                  SOFT            HARD
--             virtualmem          infinity        infinity
--             coredumpsize               0        infinity
--             ...
--             RLIMIT_LOCKS        infinity        infinity
--             ...
--             stack                8388608        infinity
-- environ     NAME                      VALUE
--             AWS_CA_BUNDLE             /etc/ssl/certs/ca-certificates.crt
--             ...
--             [...]
-- mem-maps    RSS      PATH
--             1.3M     /usr/lib/x86_64-linux-gnu/libc.so.6
--             212.0K   /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
--             128.0K   /usr/lib/locale/C.utf8/LC_CTYPE
--             44.0K    /usr/bin/sleep
--             [...]
local psutil = require("psutil")
local term = require("term")
local time = require("time")
local argparse = require("argparse")

local parser = argparse.new{prog = "procinfo", description = "print information about a process"}
parser:positional{"pid", type = "integer", nargs = "?", help = "process pid"}
parser:flag{"-v", "--verbose", help = "print more info"}
local args = parser:parse_args(arg)

-- hasattr(obj, name), as procinfo.py tests for the methods only some
-- systems have: reading a method psutil lacks here is an error.
local function hasattr(obj, name)
  local ok, v = pcall(function() return obj[name] end)
  return ok and v ~= nil
end

local ACCESS_DENIED = ""
local NON_VERBOSE_ITERATIONS = 4
local RLIMITS_MAP = {
  RLIMIT_AS = "virtualmem",
  RLIMIT_CORE = "coredumpsize",
  RLIMIT_CPU = "cputime",
  RLIMIT_DATA = "datasize",
  RLIMIT_FSIZE = "filesize",
  RLIMIT_MEMLOCK = "memlock",
  RLIMIT_MSGQUEUE = "msgqueue",
  RLIMIT_NICE = "nice",
  RLIMIT_NOFILE = "openfiles",
  RLIMIT_NPROC = "maxprocesses",
  RLIMIT_NPTS = "pseudoterms",
  RLIMIT_RSS = "rss",
  RLIMIT_RTPRIO = "realtimeprio",
  RLIMIT_RTTIME = "rtimesched",
  RLIMIT_SBSIZE = "sockbufsize",
  RLIMIT_SIGPENDING = "sigspending",
  RLIMIT_STACK = "stack",
  RLIMIT_SWAP = "swapuse",
}

local fmt = string.format
local bytes2human = psutil.bytes2human

-- pystr is str(v) as Python prints it: floats keep their shortest repr
-- with a ".0" when whole, nil is None, lists are [a, b].
local function pystr(v)
  if v == nil then return "None" end
  if type(v) == "boolean" then return v and "True" or "False" end
  if type(v) == "table" then
    local parts = {}
    for i, x in ipairs(v) do parts[i] = pystr(x) end
    return "[" .. table.concat(parts, ", ") .. "]"
  end
  if type(v) ~= "number" then return tostring(v) end
  if v ~= v then return "nan" end
  if v == math.huge then return "inf" end
  if v == -math.huge then return "-inf" end
  if v == math.floor(v) and math.abs(v) < 1e16 then
    return fmt("%d", v)
  end
  for p = 1, 17 do
    local s = fmt("%." .. p .. "g", v)
    if tonumber(s) == v then return s end
  end
  return fmt("%.17g", v)
end

-- pyfloat is str() of a Python float.
local function pyfloat(v)
  if v == math.floor(v) and math.abs(v) < 1e16 then return fmt("%.1f", v) end
  return pystr(v)
end

local tty = term.isatty() and psutil.POSIX
local function print_(a, b)
  b = b == nil and "" or tostring(b)
  if tty then
    print(term.bold(term.color("green", fmt("%-13s", a))) .. " " .. b)
  else
    print(fmt("%-11s %s", a, b))
  end
end

-- str_ntuple: "field=value, ..." with values as Python prints them, or in
-- bytes2human form.
local function str_ntuple(nt, convert_bytes, floats)
  if nt == nil or nt == ACCESS_DENIED then return "" end
  local parts = {}
  for _, name in ipairs(nt._fields) do
    local v = nt[name]
    if convert_bytes then
      v = bytes2human(v)
    elseif floats then
      v = pyfloat(v)
    else
      v = pystr(v)
    end
    parts[#parts + 1] = name .. "=" .. v
  end
  return table.concat(parts, ", ")
end

local function pymessage(err)
  return (tostring(err):gsub("^psutil%.%w+: ", ""))
end

local function run(pid, verbose)
  local ok, proc = pcall(psutil.Process, pid)
  local pinfo
  if ok then
    ok, pinfo = pcall(proc.as_dict, proc, nil, ACCESS_DENIED)
    if not ok then proc = pinfo end
  end
  if not ok then
    if psutil.iserror(proc, psutil.NoSuchProcess) then
      io.stderr:write(pymessage(proc), "\n")
      os.exit(1)
    end
    error(proc, 0)
  end

  -- (the function returns what it found rather than assigning to locals of
  -- run: gopher-lua loses assignments to upvalues after an error caught by
  -- pcall, yuin/gopher-lua#448)
  local parent, started = proc:oneshot(function()
    local parent, started = "", ACCESS_DENIED
    local okp, par = pcall(proc.parent, proc)
    if okp and par then
      local okn, name = pcall(par.name, par)
      parent = okn and "(" .. name .. ")" or ""
    end
    local okc, children = pcall(proc.children, proc)
    pinfo.children = okc and children or {}
    if pinfo.create_time ~= ACCESS_DENIED then
      started = time.strftime("%Y-%m-%d %H:%M", pinfo.create_time)
    end
    return parent, started
  end)

  print_("pid", pinfo.pid)
  print_("name", pinfo.name)
  print_("parent", fmt("%s %s", pystr(pinfo.ppid), parent))
  print_("exe", pinfo.exe)
  print_("cwd", pinfo.cwd)
  print_("cmdline", type(pinfo.cmdline) == "table" and table.concat(pinfo.cmdline, " ") or "")
  print_("started", started)

  -- The total CPU time as procinfo.py writes a timedelta: minutes (mod
  -- 60), seconds and the first two digits of the microseconds.
  local total = 0
  if type(pinfo.cpu_times) == "table" then
    for _, v in ipairs(pinfo.cpu_times) do total = total + v end
  end
  local secs = math.floor(total)
  local micros = math.floor((total - secs) * 1e6 + 0.5)
  if micros >= 1000000 then secs, micros = secs + 1, micros - 1000000 end
  secs = secs % 86400
  print_("cpu-tspent", fmt("%d:%02d.%s", math.floor(secs / 60) % 60, secs % 60, tostring(micros):sub(1, 2)))
  print_("cpu-times", str_ntuple(pinfo.cpu_times, false, true))
  if hasattr(proc, "cpu_affinity") then
    print_("cpu-affinity", type(pinfo.cpu_affinity) == "table" and pystr(pinfo.cpu_affinity) or pinfo.cpu_affinity)
  end
  if hasattr(proc, "cpu_num") then
    print_("cpu-num", pinfo.cpu_num)
  end

  print_("memory", str_ntuple(pinfo.memory_info, true))
  if type(pinfo.memory_percent) == "number" then
    print_("memory %", pystr(tonumber(fmt("%.2f", pinfo.memory_percent))))
  else
    print_("memory %", pinfo.memory_percent)
  end
  print_("user", pinfo.username)
  if psutil.POSIX then
    print_("uids", str_ntuple(pinfo.uids))
    -- (procinfo.py prints this line twice)
    print_("uids", str_ntuple(pinfo.uids))
    print_("terminal", pinfo.terminal or "")
  end

  print_("status", pinfo.status)
  print_("nice", pinfo.nice)
  if hasattr(proc, "ionice") then
    local oki, ionice = pcall(proc.ionice, proc)
    if oki then
      print_("ionice", fmt("class=%s, value=%s", pystr(ionice.ioclass), pystr(ionice.value)))
    end
  end

  print_("num-threads", pinfo.num_threads)
  if psutil.POSIX then
    print_("num-fds", pinfo.num_fds)
  end
  if psutil.WINDOWS then
    print_("num-handles", pinfo.num_handles)
  end

  if pinfo.io_counters ~= nil then
    print_("I/O", str_ntuple(pinfo.io_counters, true))
  end
  if pinfo.num_ctx_switches ~= nil then
    print_("ctx-switches", str_ntuple(pinfo.num_ctx_switches))
  end
  if #pinfo.children > 0 then
    local template = "%-6s %s"
    print_("children", fmt(template, "PID", "NAME"))
    for _, child in ipairs(pinfo.children) do
      local okn, name = pcall(child.name, child)
      if okn then
        print_("", fmt(template, child.pid, name))
      elseif psutil.iserror(name, psutil.AccessDenied) then
        print_("", fmt(template, child.pid, ""))
      end
    end
  end

  if type(pinfo.open_files) == "table" and #pinfo.open_files > 0 then
    print_("open-files", "PATH")
    for i, file in ipairs(pinfo.open_files) do
      if not verbose and i > NON_VERBOSE_ITERATIONS then
        print_("", "[...]")
        break
      end
      print_("", file.path)
    end
  else
    print_("open-files", "")
  end

  if type(pinfo.net_connections) == "table" and #pinfo.net_connections > 0 then
    local template = "%-5s %-25s %-25s %s"
    print_("connections", fmt(template, "PROTO", "LOCAL ADDR", "REMOTE ADDR", "STATUS"))
    for _, conn in ipairs(pinfo.net_connections) do
      local kind = "UNIX"
      if conn.type == psutil.SOCK_STREAM then
        kind = "TCP"
      elseif conn.type == psutil.SOCK_DGRAM then
        kind = "UDP"
      end
      local rip, rport = "*", "*"
      if conn.raddr and conn.raddr.ip then
        rip, rport = conn.raddr.ip, conn.raddr.port
      end
      print_("", fmt(template, kind, conn.laddr.ip .. ":" .. conn.laddr.port,
        rip .. ":" .. rport, conn.status))
    end
  else
    print_("connections", "")
  end

  if type(pinfo.threads) == "table" and #pinfo.threads > 1 then
    local template = "%-5s %12s %12s"
    print_("threads", fmt(template, "TID", "USER", "SYSTEM"))
    for i, thread in ipairs(pinfo.threads) do
      if not verbose and i > NON_VERBOSE_ITERATIONS then
        print_("", "[...]")
        break
      end
      print_("", fmt(template, thread.id, pyfloat(thread.user_time), pyfloat(thread.system_time)))
    end
    print_("", fmt("total=%d", #pinfo.threads))
  else
    print_("threads", "")
  end

  if hasattr(proc, "rlimit") then
    -- procinfo.py walks dir(psutil): the RLIMIT_* names in sorted order.
    local res_names = {}
    for name in pairs(psutil) do
      if name:sub(1, 6) == "RLIMIT" then res_names[#res_names + 1] = name end
    end
    table.sort(res_names)
    local resources = {}
    for _, res_name in ipairs(res_names) do
      local okr, limits = pcall(proc.rlimit, proc, psutil[res_name])
      if okr then
        resources[#resources + 1] = {res_name, limits[1], limits[2]}
      elseif not psutil.iserror(limits, psutil.AccessDenied) then
        error(limits, 0)
      end
    end
    if #resources > 0 then
      local template = "%-12s %15s %15s"
      print_("res-limits", fmt(template, "RLIMIT", "SOFT", "HARD"))
      for _, r in ipairs(resources) do
        local soft, hard = r[2], r[3]
        soft = soft == psutil.RLIM_INFINITY and "infinity" or fmt("%d", soft)
        hard = hard == psutil.RLIM_INFINITY and "infinity" or fmt("%d", hard)
        print_("", fmt(template, RLIMITS_MAP[r[1]] or r[1], soft, hard))
      end
    end
  end

  if hasattr(proc, "environ") and type(pinfo.environ) == "table" and next(pinfo.environ) ~= nil then
    local template = "%-25s %s"
    print_("environ", fmt(template, "NAME", "VALUE"))
    local keys = {}
    for k in pairs(pinfo.environ) do keys[#keys + 1] = k end
    table.sort(keys)
    for i, k in ipairs(keys) do
      if not verbose and i > NON_VERBOSE_ITERATIONS then
        print_("", "[...]")
        break
      end
      print_("", fmt(template, k, pinfo.environ[k]))
    end
  end

  if type(pinfo.memory_maps) == "table" and #pinfo.memory_maps > 0 then
    local template = "%-8s %s"
    print_("mem-maps", fmt(template, "RSS", "PATH"))
    local maps = {}
    for i, m in ipairs(pinfo.memory_maps) do maps[i] = {m = m, i = i} end
    -- sorted(..., reverse=True) is stable: equal sizes keep their order.
    table.sort(maps, function(a, b)
      if a.m.rss ~= b.m.rss then return a.m.rss > b.m.rss end
      return a.i < b.i
    end)
    for i, e in ipairs(maps) do
      if not verbose and i > NON_VERBOSE_ITERATIONS then
        print_("", "[...]")
        break
      end
      print_("", fmt(template, bytes2human(e.m.rss), e.m.path))
    end
  end
end

run(args.pid, args.verbose)
