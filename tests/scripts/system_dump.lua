-- Prints every system-wide psutil function's result as flat "key<TAB>value"
-- lines; tests/scripts/system_dump.py prints the same calls from
-- python3-psutil, and tests/compare_test.go compares the two.
local psutil = require("psutil")

local flatten = require("flatten")

local calls = {
  {"cpu_times", psutil.cpu_times},
  {"cpu_times_percpu", psutil.cpu_times, true},
  {"cpu_percent", psutil.cpu_percent, 0.1},
  {"cpu_percent_percpu", psutil.cpu_percent, 0.1, true},
  {"cpu_times_percent", psutil.cpu_times_percent, 0.1},
  {"cpu_times_percent_percpu", psutil.cpu_times_percent, 0.1, true},
  {"cpu_count", psutil.cpu_count},
  {"cpu_count_physical", psutil.cpu_count, false},
  {"cpu_stats", psutil.cpu_stats},
  {"cpu_freq", psutil.cpu_freq},
  {"cpu_freq_percpu", psutil.cpu_freq, true},
  {"getloadavg", psutil.getloadavg},
  {"virtual_memory", psutil.virtual_memory},
  {"swap_memory", psutil.swap_memory},
  {"disk_partitions", psutil.disk_partitions},
  {"disk_partitions_all", psutil.disk_partitions, true},
  {"disk_usage", psutil.disk_usage, "/"},
  {"disk_io_counters", psutil.disk_io_counters},
  {"disk_io_counters_perdisk", psutil.disk_io_counters, true},
  {"net_io_counters", psutil.net_io_counters},
  {"net_io_counters_pernic", psutil.net_io_counters, true},
  {"net_if_addrs", psutil.net_if_addrs},
  {"net_if_stats", psutil.net_if_stats},
  {"sensors_temperatures", psutil.sensors_temperatures},
  {"sensors_temperatures_f", psutil.sensors_temperatures, true},
  {"sensors_fans", psutil.sensors_fans},
  {"sensors_battery", psutil.sensors_battery},
  {"boot_time", psutil.boot_time},
  {"users", psutil.users},
}

local only = arg and arg[1]
for _, c in ipairs(calls) do
  if not only or only == c[1] then
    local out = {}
    flatten(out, c[1], c[2](unpack(c, 3)))
    print(table.concat(out, "\n"))
  end
end
