-- Prints the attributes of the processes whose pids are given, as flat
-- "key<TAB>value" lines; process_dump.py prints the same from
-- python3-psutil and tests/process_compare_test.go compares them.
local psutil = require("psutil")
local flatten = require("flatten")

local ATTRS = {
  "name", "exe", "cmdline", "ppid", "status", "username", "uids", "gids",
  "terminal", "nice", "ionice", "num_threads", "cpu_affinity", "create_time",
  "cwd", "num_fds", "num_ctx_switches", "memory_info", "cpu_times",
  "io_counters", "open_files", "environ", "memory_percent", "threads",
}

for i = 1, #arg do
  local pid = tonumber(arg[i])
  local ok, p = pcall(psutil.Process, pid)
  local out = {}
  local d
  if ok then
    ok, d = pcall(p.as_dict, p, ATTRS, "AccessDenied")
    p = ok and p or d
  end
  if ok then
    for _, name in ipairs(ATTRS) do
      flatten(out, pid .. "." .. name, d[name])
    end
    local okr, lim = pcall(p.rlimit, p, psutil.RLIMIT_NOFILE)
    if not okr then
      lim = psutil.iserror(lim, psutil.AccessDenied) and "AccessDenied" or tostring(lim)
    end
    flatten(out, pid .. ".rlimit_nofile", lim)
    flatten(out, pid .. ".children", #p:children())
  else
    flatten(out, pid .. ".error", tostring(p):match("^psutil%.(%a+)"))
  end
  print(table.concat(out, "\n"))
end
