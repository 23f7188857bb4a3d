-- Temperatures, fan speeds and battery, like the 'sensors' command: a port
-- of psutil's scripts/sensors.py. Devices are listed by name (sensors.py
-- lists them in the order of a Python set).
--
-- $ psulua examples/sensors.lua
-- can't read any temperature, fans or battery info
--
-- With sensors, a fan and a battery (the sysfs tree of
-- tests/examples_test.go):
-- asus
--     Temperatures:
--         asus                 41.0°C (high=None°C, critical=None°C)
--     Fans:
--         cpu_fan              3200 RPM
-- coretemp
--     Temperatures:
--         Package id 0         54.0°C (high=100.0°C, critical=105.0°C)
--         Core 0               47.5°C (high=100.0°C, critical=105.0°C)
-- Battery:
--     charge:     98.78%
--     left:       10:14:17
--     status:     discharging
--     plugged in: no
local psutil = require("psutil")
local humanize = require("humanize")
local argparse = require("argparse")

argparse.new{prog = "sensors",
  description = "Show temperatures, fans and battery, like lm-sensors (psutil's scripts/sensors.py)."}:parse_args(arg)

-- str() of a Python float, None for nil.
local function pyfloat(x)
  if x == nil then return "None" end
  if x == math.floor(x) and math.abs(x) < 1e16 then return string.format("%.1f", x) end
  for p = 1, 17 do
    local s = string.format("%." .. p .. "g", x)
    if tonumber(s) == x then return s end
  end
  return string.format("%.17g", x)
end

-- rawget: reading a function psutil lacks on this system is an error.
local temps = rawget(psutil, "sensors_temperatures") and psutil.sensors_temperatures() or {}
local fans = rawget(psutil, "sensors_fans") and psutil.sensors_fans() or {}
local battery = rawget(psutil, "sensors_battery") and psutil.sensors_battery() or nil

local names, seen = {}, {}
for _, dict in ipairs({temps, fans}) do
  for name in pairs(dict) do
    if not seen[name] then
      seen[name] = true
      names[#names + 1] = name
    end
  end
end
if #names == 0 and battery == nil then
  print("can't read any temperature, fans or battery info")
  return
end
table.sort(names)

for _, name in ipairs(names) do
  print(name)
  if temps[name] then
    print("    Temperatures:")
    for _, entry in ipairs(temps[name]) do
      print(string.format("        %-20s %s°C (high=%s°C, critical=%s°C)",
        (entry.label or "") ~= "" and entry.label or name,
        pyfloat(entry.current), pyfloat(entry.high), pyfloat(entry.critical)))
    end
  end
  if fans[name] then
    print("    Fans:")
    for _, entry in ipairs(fans[name]) do
      print(string.format("        %-20s %d RPM", (entry.label or "") ~= "" and entry.label or name, entry.current))
    end
  end
end

if battery then
  print("Battery:")
  print("    charge:     " .. pyfloat(tonumber(string.format("%.2f", battery.percent))) .. "%")
  if battery.power_plugged then
    print("    status:     " .. (battery.percent < 100 and "charging" or "fully charged"))
    print("    plugged in: yes")
  else
    print("    left:       " .. humanize.secs2hours(battery.secsleft))
    print("    status:     discharging")
    print("    plugged in: no")
  end
end
