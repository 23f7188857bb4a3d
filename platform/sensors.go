package platform

// SensorsTemperatures is psutil.sensors_temperatures(fahrenheit): hardware
// temperatures in Celsius (Fahrenheit when asked), keyed by sensor name.
// A missing high or critical threshold takes the other one's value, as
// psutil does. The map is empty when the machine has no sensors.
func (s *System) SensorsTemperatures(fahrenheit bool) (map[string][]Temperature, error) {
	temps, err := s.backend.sensorsTemperatures(s.FS())
	if err != nil {
		return nil, err
	}
	if temps == nil {
		temps = map[string][]Temperature{}
	}
	for _, list := range temps {
		for i := range list {
			t := &list[i]
			if fahrenheit {
				t.Current = sensorsFahrenheit(t.Current)
				t.High = sensorsFahrenheitPtr(t.High)
				t.Critical = sensorsFahrenheitPtr(t.Critical)
			}
			// Python truthiness, after the conversion as in psutil: a
			// threshold of 0.0 counts as missing.
			switch {
			case sensorsTruthy(t.High) && !sensorsTruthy(t.Critical):
				v := *t.High
				t.Critical = &v
			case sensorsTruthy(t.Critical) && !sensorsTruthy(t.High):
				v := *t.Critical
				t.High = &v
			}
		}
	}
	return temps, nil
}

// SensorsFans is psutil.sensors_fans(): fan speeds in RPM keyed by sensor
// name; the map is empty when the machine has no fan sensors.
func (s *System) SensorsFans() (map[string][]Fan, error) {
	fans, err := s.backend.sensorsFans(s.FS())
	if err != nil {
		return nil, err
	}
	if fans == nil {
		fans = map[string][]Fan{}
	}
	return fans, nil
}

// SensorsBattery is psutil.sensors_battery(): nil when there is no battery.
func (s *System) SensorsBattery() (*Battery, error) {
	return s.backend.sensorsBattery(s.FS())
}

// sensorsFahrenheit is psutil's (float(n) * 9 / 5) + 32, in that order.
func sensorsFahrenheit(c float64) float64 { return c*9/5 + 32 }

func sensorsFahrenheitPtr(c *float64) *float64 {
	if c == nil {
		return nil
	}
	v := sensorsFahrenheit(*c)
	return &v
}

// sensorsTruthy is Python's bool() of an optional float: NaN is true.
func sensorsTruthy(p *float64) bool { return p != nil && *p != 0 }
