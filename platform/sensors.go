package platform

// SensorsTemperatures is psutil.sensors_temperatures(fahrenheit).
func (s *System) SensorsTemperatures(fahrenheit bool) (map[string][]Temperature, error) {
	return nil, notImplemented("sensors_temperatures")
}

// SensorsFans is psutil.sensors_fans().
func (s *System) SensorsFans() (map[string][]Fan, error) {
	return nil, notImplemented("sensors_fans")
}

// SensorsBattery is psutil.sensors_battery(): nil when there is no battery.
func (s *System) SensorsBattery() (*Battery, error) {
	return nil, notImplemented("sensors_battery")
}
