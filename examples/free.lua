-- A clone of the 'free' command: a port of psutil's scripts/free.py.
-- Amounts are in KiB; "used" is psutil 8's total - available. As free.py
-- does, the Swap line is padded with three blank columns.
--
-- $ psulua examples/free.lua
--              total       used       free     shared    buffers      cache
-- Mem:      24683656     451648   22767552       8924      34300    1757620
-- Swap:            0          0          0
local psutil = require("psutil")

local templ = "%-7s %10s %10s %10s %10s %10s %10s"

local function kib(n)
  return string.format("%d", math.floor((n or 0) / 1024))
end

local virt = psutil.virtual_memory()
local swap = psutil.swap_memory()
print(string.format(templ, "", "total", "used", "free", "shared", "buffers", "cache"))
print(string.format(templ, "Mem:", kib(virt.total), kib(virt.used), kib(virt.free),
  kib(virt.shared), kib(virt.buffers), kib(virt.cached)))
-- free.py pads the three empty columns too, leaving trailing blanks.
print(string.format(templ, "Swap:", kib(swap.total), kib(swap.used), kib(swap.free), "", "", ""))
