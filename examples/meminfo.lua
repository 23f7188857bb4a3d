-- System memory, every field of virtual_memory() and swap_memory(): a port
-- of psutil's scripts/meminfo.py.
--
-- $ psulua examples/meminfo.lua
-- MEMORY
-- ------
-- Total      :   23.5G
-- Available  :   23.1G
-- Percent    :     1.8
-- Used       :  441.1M
-- Free       :   21.7G
-- Active     :  921.6M
-- Inactive   :  639.3M
-- Buffers    :   33.5M
-- Cached     :    1.7G
-- Shared     :    8.7M
-- Slab       :  222.3M
--
-- SWAP
-- ----
-- Total      :    0.0B
-- Used       :    0.0B
-- Free       :    0.0B
-- Percent    :     0.0
-- Sin        :    0.0B
-- Sout       :    0.0B
local psutil = require("psutil")
local argparse = require("argparse")

argparse.new{prog = "meminfo", description = "Print system memory information (psutil's scripts/meminfo.py)."}:parse_args(arg)

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
