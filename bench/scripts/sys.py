# The system snapshot with python psutil (see bench/internal/workload for
# the line format).
import psutil

for i, c in enumerate(psutil.cpu_times(percpu=True)):
    print("cpu\t%d\t%.2f\t%.2f\t%.2f" % (i, c.user, c.system, c.idle))
vm = psutil.virtual_memory()
print("vmem\t%d\t%d\t%.1f\t%d\t%d" % (vm.total, vm.available, vm.percent, vm.used, vm.free))
sw = psutil.swap_memory()
print("swap\t%d\t%d\t%d\t%.1f" % (sw.total, sw.used, sw.free, sw.percent))
for p in psutil.disk_partitions():
    print("part\t%s\t%s\t%s\t%s" % (p.device, p.mountpoint, p.fstype, p.opts))
du = psutil.disk_usage("/")
print("usage\t/\t%d\t%d\t%d\t%.1f" % (du.total, du.used, du.free, du.percent))
for name, d in psutil.disk_io_counters(perdisk=True).items():
    print("disk\t%s\t%d\t%d\t%d\t%d" % (name, d.read_count, d.write_count, d.read_bytes, d.write_bytes))
for name, n in psutil.net_io_counters(pernic=True).items():
    print("nic\t%s\t%d\t%d\t%d\t%d" % (name, n.bytes_sent, n.bytes_recv, n.packets_sent, n.packets_recv))
for name, addrs in psutil.net_if_addrs().items():
    for a in addrs:
        print("addr\t%s\t%d\t%s\t%s" % (name, a.family, a.address or "", a.netmask or ""))
print("boot\t%.2f" % psutil.boot_time())
for u in psutil.users():
    print("user\t%s\t%s\t%s\t%.2f" % (u.name, u.terminal or "", u.host or "", u.started))
