-- Hardware temperatures, like the 'sensors' command: a port of psutil's
-- scripts/temperatures.py. With no sensors, as on this machine, it exits
-- with status 1 and "can't read any temperature" on stderr. The stray "%"
-- before the critical value is temperatures.py's own. Devices are listed by
-- name (psutil lists them in the kernel's order, which psulua's tables do
-- not keep).
--
-- $ psulua examples/temperatures.lua
-- can't read any temperature
--
-- With sensors (the sysfs tree of tests/examples_test.go):
-- asus
--     asus                 41.0 °C (high = None °C, critical = %None °C)
--
-- coretemp
--     Package id 0         54.0 °C (high = 100.0 °C, critical = %105.0 °C)
--     Core 0               47.5 °C (high = 100.0 °C, critical = %105.0 °C)
--
local psutil = require("psutil")
local argparse = require("argparse")

argparse.new{prog = "temperatures",
  description = "Show hardware temperatures (psutil's scripts/temperatures.py)."}:parse_args(arg)

if rawget(psutil, "sensors_temperatures") == nil then
  io.stderr:write("platform not supported\n")
  os.exit(1)
end

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

local temps = psutil.sensors_temperatures()
local names = {}
for name in pairs(temps) do names[#names + 1] = name end
if #names == 0 then
  io.stderr:write("can't read any temperature\n")
  os.exit(1)
end
table.sort(names)
for _, name in ipairs(names) do
  print(name)
  for _, entry in ipairs(temps[name]) do
    local label = (entry.label or "") ~= "" and entry.label or name
    print(string.format("    %-20s %s °C (high = %s °C, critical = %%%s °C)",
      label, pyfloat(entry.current), pyfloat(entry.high), pyfloat(entry.critical)))
  end
  print()
end
