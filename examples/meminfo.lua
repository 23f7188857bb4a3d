-- Print system memory information, as psutil's scripts/meminfo.py does.
--
-- $ psulua examples/meminfo.lua
-- MEMORY
-- ------
-- Total      :   23.5G
-- Available  :   23.2G
-- ...
local psutil = require("psutil")

local function pprint_ntuple(nt)
  for _, name in ipairs(nt._fields) do
    local value = nt[name]
    if name == "percent" then
      value = string.format("%.1f", value)
    else
      value = psutil.bytes2human(value)
    end
    local label = name:sub(1, 1):upper() .. name:sub(2)
    print(string.format("%-10s : %7s", label, value))
  end
end

print("MEMORY\n------")
pprint_ntuple(psutil.virtual_memory())
print("\nSWAP\n----")
pprint_ntuple(psutil.swap_memory())
