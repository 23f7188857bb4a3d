package sysfs

import "strings"

// PowerSupplyBattery returns the entry of /sys/class/power_supply that psutil
// reports as the battery: the least name, in Python's string order, that
// starts with "BAT" or contains "battery" in any case (psutil #1238: not
// always BAT0). It is "" when there is none. Peripheral batteries such as
// hidpp_battery_0 (a wireless mouse) qualify too, as they do in psutil.
func PowerSupplyBattery(names []string) string {
	best := ""
	for _, n := range names {
		if !strings.HasPrefix(n, "BAT") && !strings.Contains(strings.ToLower(n), "battery") {
			continue
		}
		if best == "" || n < best {
			best = n
		}
	}
	return best
}
