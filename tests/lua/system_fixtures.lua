-- Every system function through the Lua module, on fixture trees: named
-- tuples with psutil's reprs, lists, dicts keyed by name, nil for None.
local function eq(got, want, what)
  if got ~= want then
    error(string.format("%s:\n got %s\nwant %s", what, tostring(got), tostring(want)), 2)
  end
end

local cpu = fixture("cpu-modern-4cpu")
eq(tostring(cpu.cpu_times()), "scputimes(user=54293.75, system=20385.56, idle=505920.77, nice=1286.37, iowait=172.11, irq=0.0, softirq=256.99, steal=80.82, guest=1386.01, guest_nice=1.77)", "cpu_times")
local percpu = cpu.cpu_times(true)
eq(#percpu, 4, "one cpu_times per CPU")
eq(percpu[1].user, 13932.8, "first CPU's user time")
eq(cpu.cpu_times{percpu = true}[4].idle, percpu[4].idle, "named option percpu")
eq(tostring(cpu.cpu_stats()), "scpustats(ctx_switches=3264312019, interrupts=199292346, soft_interrupts=458230269, syscalls=0)", "cpu_stats")
eq(cpu.cpu_count(), 4, "cpu_count")
eq(tostring(fixture("cpu-freq-policy").cpu_freq()), "scpufreq(current=2123.8785, min=400.0, max=2950.0)", "cpu_freq")
eq(fixture("cpu-freq-none").cpu_freq(), nil, "cpu_freq without any frequency is None")

eq(tostring(fixture("memory-basic").virtual_memory()), "svmem(total=25276063744, available=24935002112, percent=1.3, used=341061632, free=24876699648, active=184221696, inactive=64385024, buffers=2781184, cached=299560960, shared=9138176, slab=76804096)", "virtual_memory")
local swap = fixture("memory-swap-in-use").swap_memory()
eq(tostring(swap), "sswap(total=4294963200, used=303595520, free=3991367680, percent=7.1, sin=318779392, sout=609853440)", "swap_memory")
eq(swap[4], swap.percent, "positional access")
eq(table.concat(swap._fields, ","), "total,used,free,percent,sin,sout", "_fields")

local disks = fixture("disk-diskstats-20")
eq(tostring(disks.disk_io_counters()), "sdiskio(read_count=34651, write_count=1731, read_bytes=692040704, write_bytes=306561024, read_time=12284, write_time=1835, read_merged_count=6850, write_merged_count=7800, busy_time=3964)", "disk_io_counters")
local spaced
for _, p in ipairs(fixture("disk-mounts").disk_partitions(true)) do
  if p.device == "/dev/sda1" then spaced = p end
end
eq(spaced.mountpoint, "/media/user/My Passport\tBackup", "mount point with \\040 and \\011 decoded")

local nics = fixture("net-netns").net_io_counters(true)
eq(tostring(nics.abcdefghijklmno), "snetio(bytes_sent=576, bytes_recv=676, packets_sent=6, packets_recv=6, errin=0, errout=0, dropin=0, dropout=0)", "15-character NIC name")
eq(nics["eth0.100"].bytes_sent, 676, "VLAN NIC name")

eq(tostring(fixture("sensors-battery-charging").sensors_battery()), "sbattery(percent=98.78146224530563, secsleft=<BatteryTime.POWER_TIME_UNLIMITED: -2>, power_plugged=True)", "charging battery")
local b = fixture("sensors-battery-discharging-energy").sensors_battery()
eq(b.secsleft, 36857, "seconds left")
eq(b.power_plugged, false, "unplugged")
eq(fixture("sensors-battery-unknown-time").sensors_battery().secsleft, -1, "unknown time left")
eq(fixture("sensors-battery-none").sensors_battery(), nil, "no battery is None")

local temps = fixture("sensors-temps-coretemp").sensors_temperatures()
eq(tostring(temps.coretemp[1]), "shwtemp(label='Package id 0', current=45.0, high=84.0, critical=100.0)", "labelled hwmon sensor")
eq(#temps.coretemp, 3, "coretemp sensors")
eq(tostring(temps.acpitz[1]), "shwtemp(label='', current=27.8, high=119.0, critical=119.0)", "unlabelled sensor")
local f = fixture("sensors-temps-coretemp").sensors_temperatures{fahrenheit = true}
eq(f.coretemp[1].current, 113.0, "fahrenheit")
local fans = fixture("sensors-fans").sensors_fans()
eq(tostring(fans.dell_smm[1]), "sfan(label='Processor Fan', current=2998)", "labelled fan")

eq(fixture("host-btime").boot_time(), 1795604172, "boot_time")
local users = fixture("host-utmp").users()
eq(#users, 2, "USER_PROCESS entries only")
eq(tostring(users[1]), "suser(name='alice', terminal='pts/0', host='203.0.113.7', started=1714552021.0, pid=1342)", "remote user")
