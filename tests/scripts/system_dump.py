"""The python3-psutil side of tests/scripts/system_dump.lua: the same calls,
flattened the same way. Fields that psulua follows newer psutil in dropping
(sdiskpart's maxfile and maxpath, gone in psutil 6) are left out."""
import sys

import psutil

from flatten import flatten


def virtual_memory():
    # psutil 7.1 (#2604) computes used as total - available, as free(1) of
    # procps 4 does; the Debian oracle is older. psulua follows psutil 8.
    vm = psutil.virtual_memory()
    return vm._replace(used=vm.total - vm.available)


CALLS = [
    ("cpu_times", psutil.cpu_times),
    ("cpu_times_percpu", psutil.cpu_times, True),
    ("cpu_percent", psutil.cpu_percent, 0.1),
    ("cpu_percent_percpu", psutil.cpu_percent, 0.1, True),
    ("cpu_times_percent", psutil.cpu_times_percent, 0.1),
    ("cpu_times_percent_percpu", psutil.cpu_times_percent, 0.1, True),
    ("cpu_count", psutil.cpu_count),
    ("cpu_count_physical", psutil.cpu_count, False),
    ("cpu_stats", psutil.cpu_stats),
    ("cpu_freq", psutil.cpu_freq),
    ("cpu_freq_percpu", psutil.cpu_freq, True),
    ("getloadavg", psutil.getloadavg),
    ("virtual_memory", virtual_memory),
    ("swap_memory", psutil.swap_memory),
    ("disk_partitions", psutil.disk_partitions),
    ("disk_partitions_all", psutil.disk_partitions, True),
    ("disk_usage", psutil.disk_usage, "/"),
    ("disk_io_counters", psutil.disk_io_counters),
    ("disk_io_counters_perdisk", psutil.disk_io_counters, True),
    ("net_io_counters", psutil.net_io_counters),
    ("net_io_counters_pernic", psutil.net_io_counters, True),
    ("net_if_addrs", psutil.net_if_addrs),
    ("net_if_stats", psutil.net_if_stats),
    ("sensors_temperatures", psutil.sensors_temperatures),
    ("sensors_temperatures_f", psutil.sensors_temperatures, True),
    ("sensors_fans", psutil.sensors_fans),
    ("sensors_battery", psutil.sensors_battery),
    ("boot_time", psutil.boot_time),
    ("users", psutil.users),
]

only = sys.argv[1] if len(sys.argv) > 1 else None
for name, fn, *args in CALLS:
    if only is None or only == name:
        out = []
        flatten(out, name, fn(*args))
        print("\n".join(out))
