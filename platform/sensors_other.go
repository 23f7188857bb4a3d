//go:build !linux

package platform

func sensorsTemperatures(FS) (map[string][]Temperature, error) {
	return nil, notImplemented("sensors_temperatures")
}

func sensorsFans(FS) (map[string][]Fan, error) {
	return nil, notImplemented("sensors_fans")
}

func sensorsBattery(FS) (*Battery, error) {
	return nil, notImplemented("sensors_battery")
}
