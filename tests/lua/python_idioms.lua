-- psutil's Python idioms carried over to Lua, and the behaviour psutil 8
-- scripts rely on, on the live machine (as root and as an unprivileged
-- user).
local psutil = require("psutil")
local signal = require("signal")
local me = psutil.Process()

-- The first cpu_percent() compares with the sample taken when the module
-- loaded: after some work it is not the meaningless 0.0.
local t0 = os.clock()
while os.clock() - t0 < 0.2 do end
local total = 0
for _, v in ipairs(psutil.cpu_percent(nil, true)) do total = total + v end
assert(total > 0, "first cpu_percent(percpu) compares with the load-time sample")
assert(psutil.cpu_times_percent().idle < 100)

-- The calling process is running: it is the one asking.
assert(me:status() == psutil.STATUS_RUNNING, me:status())

-- Popen: positional arguments then options; a string command with shell.
local c = psutil.Popen("exit 3", {shell = true})
assert(c:wait(5) == 3 and c.returncode == 3)
c = psutil.Popen({"sh", "-c", "echo $0", "hello"}, {stdout = psutil.PIPE})
local out = c:communicate()
assert(out == "hello\n", out)

-- The pipes as file-like objects.
c = psutil.Popen({"cat"}, {stdin = psutil.PIPE, stdout = psutil.PIPE})
assert(c.stderr == nil)
c.stdin:write("one\n", 2, "\n", "three\n")
c.stdin:close()
assert(c.stdout:read() == "one")
assert(c.stdout:read("*n") == 2)
local rest = {}
for line in c.stdout:lines() do rest[#rest + 1] = line end
assert(#rest == 2 and rest[1] == "" and rest[2] == "three", table.concat(rest, "|"))
assert(c.stdout:read("*a") == "" and c.stdout:read() == nil, "end of file")
c.stdout:close()
assert(c:wait(5) == 0)
assert(not pcall(c.stdout.read, c.stdout), "a closed pipe cannot be read")

-- Every handle on a Popen child sees its exit code (one reaper).
for i = 1, 5 do
  local child = psutil.Popen({"sleep", "30"})
  local other = psutil.Process(child.pid)
  child:send_signal(signal.SIGTERM)
  local code = other:wait(10)
  assert(code == -signal.SIGTERM, "run " .. i .. ": Process(popen.pid):wait() = " .. tostring(code))
  assert(child:wait(0) == -15)
end

-- psutil's wait_procs recipe, with its options after the list.
local children = {psutil.Popen({"sleep", "30"}), psutil.Popen({"sleep", "30"})}
for _, ch in ipairs(children) do psutil.Process(ch.pid):terminate() end
local codes = {}
local gone, alive = psutil.wait_procs(children, {timeout = 5, callback = function(p)
  codes[#codes + 1] = p.returncode
end})
assert(#gone == 2 and #alive == 0 and codes[1] == -15 and codes[2] == -15,
  "exit codes " .. tostring(codes[1]) .. " " .. tostring(codes[2]))

-- Errors work where strings do.
local ok, err = pcall(psutil.Process, 2^31 - 2)
assert(not ok and psutil.iserror(err, psutil.AccessDenied, psutil.NoSuchProcess))
assert(("failed: " .. err):find("^failed: psutil.NoSuchProcess: "), "failed: " .. err)
assert(string.format("%s", err) == tostring(err))
print(err)

-- memory_percent(memtype) after process_iter could not read its tuple:
-- ad_value, as psutil 8 (unprivileged, for other users' processes).
local checked = 0
for p in psutil.process_iter({"memory_footprint"}, "AD") do
  if p.info.memory_footprint == "AD" then
    assert(p:memory_percent("uss") == "AD", "memory_percent('uss') of " .. p.pid)
    checked = checked + 1
  end
  if checked > 3 then break end
end

-- as_dict with a name psutil renamed names the new one.
local ok2, e2 = pcall(me.as_dict, me, {"connections"})
assert(not ok2 and e2:find("'net_connections'", 1, true), e2)
