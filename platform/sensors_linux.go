//go:build linux

package platform

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/sysfs"
)

// sensorsTemperatures follows psutil's _pslinux.sensors_temperatures: every
// temp*_ sensor of /sys/class/hwmon (also under hwmon*/device/, the layout of
// older kernels, psutil #971), in the order of their sorted paths; and only
// when hwmon has none, /sys/class/thermal's zones. Values are Celsius.
func (linuxSystem) sensorsTemperatures(fs FS) (map[string][]Temperature, error) {
	var r sensorsReader
	ret := map[string][]Temperature{}
	hwmon := fs.sys("class", "hwmon")
	var bases []string
	for _, h := range sensorsListDir(hwmon) {
		if !strings.HasPrefix(h, "hwmon") {
			continue
		}
		dir := hwmon + "/" + h
		bases = sensorsAppendBases(bases, dir, "temp")
		bases = sensorsAppendBases(bases, dir+"/device", "temp")
	}
	sort.Strings(bases)

	var names sensorsNameCache
	for _, base := range bases {
		// Any failure on the value or the name drops the sensor: hwmon
		// drivers fail reads with EIO, ENODEV, ENXIO... (psutil #1009,
		// #1101, #1129, #1245, #1323).
		current, err := r.milli(base + "_input")
		if err != nil {
			continue
		}
		name, err := names.get(&r, base)
		if err != nil {
			continue
		}
		label, _ := r.text(base + "_label")
		ret[name] = append(ret[name], Temperature{
			Label:    label,
			Current:  current,
			High:     r.optMilli(base + "_max"),
			Critical: r.optMilli(base + "_crit"),
		})
	}
	if len(bases) > 0 || sensorsCoretempPlatform(fs) {
		return ret, nil
	}

	thermal := fs.sys("class", "thermal")
	for _, z := range sysfs.ThermalZones(sensorsListDir(thermal)) {
		zone := thermal + "/" + z
		current, err := r.milli(zone + "/temp")
		if err != nil {
			continue
		}
		name, err := r.text(zone + "/type")
		if err != nil {
			continue
		}
		// psutil knows the trip types "critical" and "high"; the kernel's
		// are active, passive, hot and critical. psutil converts a found
		// value again on each later trip point (psutil #2439) in the
		// order of a Python set; we convert each value once and take the
		// trip points in sorted order, the last of a type winning.
		var high, critical *float64
		for _, tp := range sysfs.ThermalTripPoints(sensorsListDir(zone)) {
			typ, _ := r.text(zone + "/" + tp + "_type")
			switch typ {
			case "critical":
				critical = r.optMilli(zone + "/" + tp + "_temp")
			case "high":
				high = r.optMilli(zone + "/" + tp + "_temp")
			}
		}
		ret[name] = append(ret[name], Temperature{Current: current, High: high, Critical: critical})
	}
	return ret, nil
}

// sensorsCoretempPlatform reports whether psutil's extra glob
// /sys/devices/platform/coretemp.*/hwmon/hwmon*/temp*_* matches. psutil adds
// those files whole (not cut at "_"), so reading "<file>_input" always
// fails and they yield no sensor (psutil #1708); but they still count as
// hwmon sensors and so turn off the thermal-zone fallback.
func sensorsCoretempPlatform(fs FS) bool {
	platform := fs.sys("devices", "platform")
	for _, c := range sensorsListDir(platform) {
		if !strings.HasPrefix(c, "coretemp.") {
			continue
		}
		dir := platform + "/" + c + "/hwmon"
		for _, h := range sensorsListDir(dir) {
			if strings.HasPrefix(h, "hwmon") && len(sysfs.HwmonSensorBases(sensorsListDir(dir+"/"+h), "temp")) > 0 {
				return true
			}
		}
	}
	return false
}

// sensorsFans follows psutil's _pslinux.sensors_fans: fan*_input of
// /sys/class/hwmon, or of hwmon*/device/ when the first layout has none.
// As in psutil, an unreadable speed skips the fan, but a speed that is not
// an integer or a missing name file is an error.
func (linuxSystem) sensorsFans(fs FS) (map[string][]Fan, error) {
	var r sensorsReader
	ret := map[string][]Fan{}
	hwmon := fs.sys("class", "hwmon")
	dirs := sensorsListDir(hwmon)
	var bases []string
	for _, h := range dirs {
		if strings.HasPrefix(h, "hwmon") {
			bases = sensorsAppendBases(bases, hwmon+"/"+h, "fan")
		}
	}
	if len(bases) == 0 {
		for _, h := range dirs {
			if strings.HasPrefix(h, "hwmon") {
				bases = sensorsAppendBases(bases, hwmon+"/"+h+"/device", "fan")
			}
		}
	}
	sort.Strings(bases)

	var names sensorsNameCache
	for _, base := range bases {
		b, err := r.read(base + "_input")
		if err != nil {
			continue
		}
		current, err := sysfs.ParsePyInt(b)
		if err != nil {
			return nil, fmt.Errorf("%s_input: %w", base, err)
		}
		name, err := names.get(&r, base)
		if err != nil {
			return nil, err
		}
		label, _ := r.text(base + "_label")
		ret[name] = append(ret[name], Fan{Label: label, Current: int(current)})
	}
	return ret, nil
}

// sensorsBattery follows psutil's _pslinux.sensors_battery. The battery is
// the least BAT*/*battery* entry of /sys/class/power_supply; its charge is
// energy_* (µWh) or charge_* (µAh), its drain power_now (µW) or current_now
// (µA), whichever exists (psutil #966).
func (linuxSystem) sensorsBattery(fs FS) (*Battery, error) {
	supplies := fs.sys("class", "power_supply")
	entries, err := sensorsReadDir(supplies) // psutil's os.listdir raises
	if err != nil {
		return nil, err
	}
	bat := sysfs.PowerSupplyBattery(entries)
	if bat == "" {
		return nil, nil
	}
	root := supplies + "/" + bat
	var r sensorsReader
	energyNow := r.first(root+"/energy_now", root+"/charge_now")
	powerNow := r.first(root+"/power_now", root+"/current_now")
	energyFull := r.first(root+"/energy_full", root+"/charge_full")
	timeToEmpty := r.first(root + "/time_to_empty_now")

	var percent float64
	if energyNow.found && energyFull.found {
		now, full, err := sensorsBothInts(energyNow, energyFull)
		if err != nil {
			return nil, err
		}
		if full != 0 {
			percent = 100 * float64(now) / float64(full)
		}
	} else {
		// capacity is a whole percent; psutil returns None when it is
		// unreadable or -1.
		b, err := r.read(root + "/capacity")
		if err != nil {
			return nil, nil
		}
		if percent, err = sysfs.ParsePyFloat(b); err != nil {
			return nil, fmt.Errorf("%s/capacity: %w", root, err)
		}
		if percent == -1 {
			return nil, nil
		}
	}

	// Only AC0 and AC are asked, then the battery's own status.
	var plugged *bool
	if online := r.first(supplies+"/AC0/online", supplies+"/AC/online"); online.found {
		v := online.err == nil && online.v == 1
		plugged = &v
	} else {
		status, _ := r.text(root + "/status")
		switch strings.ToLower(status) {
		case "discharging":
			v := false
			plugged = &v
		case "charging", "full":
			v := true
			plugged = &v
		}
	}

	secsleft := POWER_TIME_UNKNOWN
	switch {
	case plugged != nil && *plugged:
		secsleft = POWER_TIME_UNLIMITED
	case energyNow.found && powerNow.found:
		now, power, err := sensorsBothInts(energyNow, powerNow)
		if err != nil {
			return nil, err
		}
		// abs: some drivers report a negative current while discharging.
		if power != 0 {
			secsleft = BatteryTime(float64(now) / math.Abs(float64(power)) * 3600)
		}
	case timeToEmpty.found:
		if timeToEmpty.err != nil {
			return nil, timeToEmpty.err
		}
		// The kernel documents seconds; psutil reads minutes.
		if secsleft = BatteryTime(timeToEmpty.v * 60); secsleft < 0 {
			secsleft = POWER_TIME_UNKNOWN
		}
	}
	return &Battery{Percent: percent, Secsleft: secsleft, PowerPlugged: plugged}, nil
}

// sensorsReader reads small sysfs attributes into one reused buffer: a
// sensors call reads dozens of them.
type sensorsReader struct{ buf []byte }

// read returns the content of path, valid until the next read.
func (r *sensorsReader) read(path string) ([]byte, error) {
	b, err := procfs.ReadFileInto(path, r.buf)
	if err != nil {
		return nil, err
	}
	r.buf = b
	return b, nil
}

// text is psutil's cat(path).strip().
func (r *sensorsReader) text(path string) (string, error) {
	b, err := r.read(path)
	if err != nil {
		return "", err
	}
	return sysfs.TrimPySpace(string(b)), nil
}

// milli is psutil's float(bcat(path)) / 1000: hwmon and thermal report
// millidegrees Celsius.
func (r *sensorsReader) milli(path string) (float64, error) {
	b, err := r.read(path)
	if err != nil {
		return 0, err
	}
	v, err := sysfs.ParsePyFloat(b)
	if err != nil {
		return 0, err
	}
	return v / 1000, nil
}

// optMilli is milli, nil (psutil's None) when unreadable or not a number.
func (r *sensorsReader) optMilli(path string) *float64 {
	v, err := r.milli(path)
	if err != nil {
		return nil
	}
	return &v
}

// sensorsValue is what psutil's multi_bcat gives: not found (None), an int,
// or a value that is not an int (err), which psutil keeps as bytes and
// fails on only where it computes with it.
type sensorsValue struct {
	found bool
	v     int64
	err   error
}

// first reads the first of paths that can be read.
func (r *sensorsReader) first(paths ...string) sensorsValue {
	for _, p := range paths {
		b, err := r.read(p)
		if err != nil {
			continue
		}
		v, err := sysfs.ParsePyInt(b)
		if err != nil {
			err = fmt.Errorf("%s: %w", p, err)
		}
		return sensorsValue{found: true, v: v, err: err}
	}
	return sensorsValue{}
}

func sensorsBothInts(a, b sensorsValue) (int64, int64, error) {
	if a.err != nil {
		return 0, 0, a.err
	}
	if b.err != nil {
		return 0, 0, b.err
	}
	return a.v, b.v, nil
}

// sensorsNameCache remembers the last hwmon directory's name file: the
// sorted sensors of one directory are read one after the other.
type sensorsNameCache struct {
	dir, name string
	err       error
}

// get is psutil's cat(dirname(base) + "/name").strip().
func (c *sensorsNameCache) get(r *sensorsReader, base string) (string, error) {
	dir := base[:strings.LastIndexByte(base, '/')]
	if dir != c.dir {
		c.dir = dir
		c.name, c.err = r.text(dir + "/name")
	}
	return c.name, c.err
}

// sensorsAppendBases appends dir's sensors of one kind as full paths.
func sensorsAppendBases(bases []string, dir, kind string) []string {
	for _, b := range sysfs.HwmonSensorBases(sensorsListDir(dir), kind) {
		bases = append(bases, dir+"/"+b)
	}
	return bases
}

// sensorsListDir lists a directory as Python's glob does: no entries when
// it cannot be read.
func sensorsListDir(dir string) []string {
	names, _ := sensorsReadDir(dir)
	return names
}

// sensorsReadDir returns the entry names of dir, in the kernel's order,
// without stat-ing them.
func sensorsReadDir(dir string) ([]string, error) {
	var names []string
	err := procfs.ReadDir(dir, func(name []byte) { names = append(names, string(name)) })
	if err != nil {
		return nil, err
	}
	return names, nil
}
