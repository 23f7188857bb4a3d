-- Fan speeds: a port of psutil's scripts/fans.py. Devices are listed by
-- name (psutil lists them in the kernel's order, which psulua's tables do
-- not keep).
--
-- $ psulua examples/fans.lua
-- no fans detected
--
-- With a fan (the sysfs tree of tests/examples_test.go):
-- asus
--     cpu_fan              3200 RPM
--
local psutil = require("psutil")
local argparse = require("argparse")

argparse.new{prog = "fans", description = "Show fans information (psutil's scripts/fans.py)."}:parse_args(arg)

if rawget(psutil, "sensors_fans") == nil then
  io.stderr:write("platform not supported\n")
  os.exit(1)
end
local fans = psutil.sensors_fans()
local names = {}
for name in pairs(fans) do names[#names + 1] = name end
if #names == 0 then
  print("no fans detected")
  return
end
table.sort(names)
for _, name in ipairs(names) do
  print(name)
  for _, entry in ipairs(fans[name]) do
    local label = (entry.label or "") ~= "" and entry.label or name
    print(string.format("    %-20s %d RPM", label, entry.current))
  end
  print()
end
