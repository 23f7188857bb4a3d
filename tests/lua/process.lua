-- The Process object, process_iter, Popen, wait_procs and their errors.
local psutil = require("psutil")

local function fails(pattern, fn, ...)
  local ok, err = pcall(fn, ...)
  assert(not ok, "expected an error matching " .. pattern)
  local s = tostring(err)
  assert(s:find(pattern, 1, true), "error " .. s .. " lacks " .. pattern)
  return err
end

-- The calling process.
local me = psutil.Process()
assert(type(me.pid) == "number" and me.pid > 0)
assert(me == psutil.Process(me.pid), "== by pid and creation time")
assert(me ~= me:parent(), "a process is not its parent")
assert(tostring(me):match("^psutil%.Process%(pid=%d+, name='[^']+', status='[a-z-]+', started='%d%d:%d%d:%d%d'%)$"), tostring(me))
assert(type(me:name()) == "string" and me:ppid() == me:parent().pid)
local mi = me:memory_info()
assert(mi.rss > 0 and mi[1] == mi.rss and mi._fields[2] == "vms")
assert(tostring(me:cpu_times()):find("^pcputimes%(user="))
assert(me:num_threads() >= 1 and type(me:status()) == "string")
assert(type(me:cmdline()) == "table" and type(me:environ()) == "table")
assert(me:is_running())
local parents = me:parents()
assert(#parents >= 1 and parents[#parents].pid == 1, "parents end at pid 1")
local d = me:as_dict({"pid", "name", "num_threads"})
assert(d.pid == me.pid and d.name == me:name() and d.num_threads >= 1)
local all = me:as_dict()
assert(all.memory_info.rss > 0 and all.pid == me.pid, "as_dict() without attrs reads everything")
fails("invalid attr name 'nosuch'", me.as_dict, me, {"nosuch"})
local a, b = me:oneshot(function() return me:name(), me:ppid() end)
assert(a == me:name() and b == me:ppid(), "oneshot returns the function's results")
fails("inside oneshot", me.oneshot, me, function() error("inside oneshot") end)
assert(type(me:net_connections()) == "table" and type(me:connections("all")) == "table")
fails("bad argument #1 'kind' to 'net_connections'", me.net_connections, me, "tcp7")
fails("bad argument #1 'kind' to 'net_connections'", psutil.net_connections, "tcp7")

-- Bad arguments are Lua errors naming the method and the argument.
fails("bad argument #1 'pid' to 'Process' (pid must be a positive integer (got -1))", psutil.Process, -1)
fails("bad argument #1 'pid' to 'Process' (pid must be an integer (got string))", psutil.Process, "x")
fails("bad argument #1 'pid' to 'Process' (pid must be an integer (got 1.5))", psutil.Process, 1.5)
fails("bad argument #1 'value' to 'nice' (number expected, got string)", me.nice, me, "high")
fails("bad argument #1 'cpus' to 'cpu_affinity'", me.cpu_affinity, me, {999})
fails("bad argument #1 'timeout' to 'wait' (timeout must be a positive integer (got -1))", me.wait, me, -1)
fails("bad argument #1 'memtype' to 'memory_percent'", me.memory_percent, me, "bogus")
local gone = fails("psutil.NoSuchProcess: process PID not found (pid=2147483646)", psutil.Process, 2^31 - 2)
assert(psutil.iserror(gone, psutil.NoSuchProcess) and gone.pid == 2^31 - 2)

-- process_iter: attributes fetched once, in p.info and from the methods,
-- with ad_value where reading was denied.
local n, seen_me = 0, false
for p in psutil.process_iter({"pid", "name", "exe", "cwd"}, "denied") do
  n = n + 1
  assert(p.info.pid == p.pid and p.info.name == p:name())
  assert(p:exe() == p.info.exe and p:cwd() == p.info.cwd, "methods return what process_iter read")
  if p.pid == me.pid then seen_me = true end
end
assert(n > 1 and seen_me, "process_iter lists this process")
local count = 0
for p in psutil.process_iter() do
  count = count + 1
  assert(next(p.info) == nil, "no attrs: p.info is {} (psutil 8)")
end
assert(#psutil.pids() > 0 and psutil.pid_exists(me.pid) and not psutil.pid_exists(2^31 - 2))

-- Popen: a child process with every Process method.
local quiet = {stdout = psutil.DEVNULL, stderr = psutil.DEVNULL}
local child = psutil.Popen({"sleep", "30"}, quiet)
assert(child:is_running() and child:name() == "sleep" and child:ppid() == me.pid)
assert(child.returncode == nil and child:poll() == nil)
assert(tostring(child):find("^psutil%.Popen%(pid="), tostring(child))
local found = false
for _, c in ipairs(me:children()) do if c == child then found = true end end
assert(found, "the child is among children()")
local te = fails("psutil.TimeoutExpired: timeout after 0.1 seconds", child.wait, child, 0.1)
assert(psutil.iserror(te, psutil.TimeoutExpired) and te.seconds == 0.1)
child:suspend()
-- SIGSTOP takes effect asynchronously: poll the status, bounded.
local function pause() pcall(child.wait, child, 0.02) end
for _ = 1, 100 do if child:status() == psutil.STATUS_STOPPED then break end pause() end
assert(child:status() == psutil.STATUS_STOPPED)
child:resume()
child:terminate()
assert(child:wait(5) == -15 and child.returncode == -15, "terminated by SIGTERM")
assert(not child:is_running())
fails("psutil.NoSuchProcess", child.name, child)

local cat = psutil.Popen({"cat"}, {stdin = psutil.PIPE, stdout = psutil.PIPE})
local out, err = cat:communicate("hello\n", 5)
assert(out == "hello\n" and err == nil and cat.returncode == 0)
local sh = psutil.Popen({"sh", "-c", "exit 7"}, {stdout = psutil.DEVNULL})
assert(sh:wait(5) == 7)
fails("bad argument #1 'args' to 'Popen'", psutil.Popen, {})

-- wait_procs: gone and alive, with returncode and the callback.
local p1, p2 = psutil.Popen({"sleep", "30"}, quiet), psutil.Popen({"sleep", "30"}, quiet)
p1:kill()
local called = {}
local g, alive = psutil.wait_procs({p1, p2}, 2, function(p) called[#called + 1] = p.pid end)
assert(#g == 1 and g[1] == p1 and g[1].returncode == -9, "p1 is gone, killed")
assert(#alive == 1 and alive[1] == p2, "p2 is alive")
assert(#called == 1 and called[1] == p1.pid, "the callback saw p1")
-- An error in the callback ends the wait then, not at the timeout.
local p3 = psutil.Popen({"sleep", "30"}, quiet)
p1 = psutil.Popen({"sleep", "30"}, quiet)
p1:kill()
local t0 = os.time()
local ok, e = pcall(psutil.wait_procs, {p1, p3}, 20, function() error("from the callback") end)
assert(not ok and tostring(e):find("from the callback"), tostring(e))
assert(os.time() - t0 < 5, "the wait went on after the callback failed")
p2:kill()
p2:wait(5)
p3:kill()
p3:wait(5)

-- What psutil refuses is AccessDenied: a lower nice value as non-root,
-- signalling pid 1 as non-root.
if me:uids().effective ~= 0 then
  local e = fails("psutil.AccessDenied", me.nice, me, -5)
  assert(psutil.iserror(e, psutil.AccessDenied) and e.pid == me.pid)
  fails("psutil.AccessDenied", function() psutil.Process(1):send_signal(0) end)
end
