-- A clone of the 'free' command: a port of psutil's scripts/free.py.
-- Amounts are in KiB; "used" is psutil 8's total - available. As free.py
-- does, the Swap line is padded with three blank columns, and a column the
-- system does not have (buffers on Windows) is 0. --json prints one JSON
-- object instead: "mem" is virtual_memory() and "swap" swap_memory(), with
-- psutil's fields, in bytes.
--
-- $ psulua examples/free.lua
--              total       used       free     shared    buffers      cache
-- Mem:      24683656     451648   22767552       8924      34300    1757620
-- Swap:            0          0          0
local psutil = require("psutil")
local argparse = require("argparse")
local json = require("json")

local parser = argparse.new{prog = "free", description = "A clone of free (psutil's scripts/free.py)."}
parser:flag{"--json", help = "print one JSON document"}
local args = parser:parse_args(arg)

local virt = psutil.virtual_memory()
local swap = psutil.swap_memory()
if args.json then
  print(json.encode({mem = virt, swap = swap}))
  return
end

-- getattr(obj, name) is Python's getattr(obj, name, None), as free.py
-- reads the fields some systems lack: reading a field a tuple does not have
-- is an error.
local function getattr(obj, name)
  local ok, v = pcall(function() return obj[name] end)
  if ok then return v end
end

local templ = "%-7s %10s %10s %10s %10s %10s %10s"

local function kib(n)
  return string.format("%d", math.floor((n or 0) / 1024))
end

print(string.format(templ, "", "total", "used", "free", "shared", "buffers", "cache"))
print(string.format(templ, "Mem:", kib(virt.total), kib(virt.used), kib(virt.free),
  kib(getattr(virt, "shared")), kib(getattr(virt, "buffers")), kib(getattr(virt, "cached"))))
-- free.py pads the three empty columns too, leaving trailing blanks.
print(string.format(templ, "Swap:", kib(swap.total), kib(swap.used), kib(swap.free), "", "", ""))
