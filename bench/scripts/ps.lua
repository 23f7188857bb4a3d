-- The ps listing: every process, one line each, with psulua's psutil
-- module (see bench/internal/workload for the line format).
local psutil = require("psutil")

local fmt, concat = string.format, table.concat
local NOTIMES = { user = 0 / 0, system = 0 / 0 }
local NOMEM = { rss = -1, vms = -1 }

for p in psutil.process_iter({ "pid", "ppid", "name", "username", "status", "cpu_times",
	"memory_info", "num_threads", "create_time", "cmdline" }) do
	-- A value that could not be read comes back as nil (ad_value).
	local ct = p:cpu_times() or NOTIMES
	local mi = p:memory_info() or NOMEM
	local cmdline = p:cmdline()
	print(fmt("%d\t%d\t%s\t%s\t%s\t%.2f\t%.2f\t%d\t%d\t%d\t%.2f\t%s",
		p.pid, p:ppid() or -1, p:name() or "?", p:username() or "?", p:status() or "?",
		ct.user, ct.system, mi.rss, mi.vms, p:num_threads() or -1, p:create_time() or -1,
		cmdline and concat(cmdline, " ") or "?"))
end
