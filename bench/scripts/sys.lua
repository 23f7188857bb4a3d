-- The system snapshot with psulua's psutil module (see
-- bench/internal/workload for the line format).
local psutil = require("psutil")
local fmt = string.format

for i, c in ipairs(psutil.cpu_times(true)) do
	print(fmt("cpu\t%d\t%.2f\t%.2f\t%.2f", i - 1, c.user, c.system, c.idle))
end
local vm = psutil.virtual_memory()
print(fmt("vmem\t%d\t%d\t%.1f\t%d\t%d", vm.total, vm.available, vm.percent, vm.used, vm.free))
local sw = psutil.swap_memory()
print(fmt("swap\t%d\t%d\t%d\t%.1f", sw.total, sw.used, sw.free, sw.percent))
for _, p in ipairs(psutil.disk_partitions()) do
	print(fmt("part\t%s\t%s\t%s\t%s", p.device, p.mountpoint, p.fstype, p.opts))
end
local du = psutil.disk_usage("/")
print(fmt("usage\t/\t%d\t%d\t%d\t%.1f", du.total, du.used, du.free, du.percent))
for name, d in pairs(psutil.disk_io_counters(true)) do
	print(fmt("disk\t%s\t%d\t%d\t%d\t%d", name, d.read_count, d.write_count, d.read_bytes, d.write_bytes))
end
for name, n in pairs(psutil.net_io_counters(true)) do
	print(fmt("nic\t%s\t%d\t%d\t%d\t%d", name, n.bytes_sent, n.bytes_recv, n.packets_sent, n.packets_recv))
end
for name, addrs in pairs(psutil.net_if_addrs()) do
	for _, a in ipairs(addrs) do
		print(fmt("addr\t%s\t%d\t%s\t%s", name, a.family, a.address or "", a.netmask or ""))
	end
end
print(fmt("boot\t%.2f", psutil.boot_time()))
for _, u in ipairs(psutil.users()) do
	print(fmt("user\t%s\t%s\t%s\t%.2f", u.name, u.terminal or "", u.host or "", u.started))
end
