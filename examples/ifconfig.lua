-- A clone of 'ifconfig': a port of psutil's scripts/ifconfig.py.
-- Interfaces are listed by name (psutil lists them in the kernel's order,
-- which psulua's tables do not keep).
--
-- $ psulua examples/ifconfig.lua
-- eth0:
--     stats          : speed=0MB, duplex=?, mtu=1400, up=yes
--     incoming       : bytes=22.2M, pkts=1187, errs=0, drops=0
--     outgoing       : bytes=132.2K, pkts=1102, errs=0, drops=0
--     IPv4 address   : 192.0.2.2
--          broadcast : 192.0.2.255
--          netmask   : 255.255.255.0
--     IPv6 address   : fd00::2
--          netmask   : ffff:ffff:ffff:ffff::
--     IPv6 address   : fe80::fc:ff:fe00:1%eth0
--          netmask   : ffff:ffff:ffff:ffff::
--     MAC  address   : 02:fc:00:00:00:01
--          broadcast : ff:ff:ff:ff:ff:ff
--
-- ifb0:
--     stats          : speed=0MB, duplex=?, mtu=1500, up=no
--     ...
--
-- As ifconfig, a name shows that interface only, and an unknown one exits
-- with status 1. --json prints one JSON object instead, keyed by interface:
-- its "stats" (net_if_stats()), "io_counters" (net_io_counters(true)) and
-- "addrs" (net_if_addrs(), family as a number), with psutil's fields.
local psutil = require("psutil")
local argparse = require("argparse")
local json = require("json")

local parser = argparse.new{prog = "ifconfig", description = "A clone of ifconfig (psutil's scripts/ifconfig.py)."}
parser:positional{"interface", nargs = "?", help = "show this interface only"}
parser:flag{"--json", help = "print one JSON document"}
local args = parser:parse_args(arg)

local af_map = {
  [psutil.AF_INET] = "IPv4",
  [psutil.AF_INET6] = "IPv6",
  [psutil.AF_LINK] = "MAC",
}
local duplex_map = {
  [psutil.NIC_DUPLEX_FULL] = "full",
  [psutil.NIC_DUPLEX_HALF] = "half",
  [psutil.NIC_DUPLEX_UNKNOWN] = "?",
}

-- str() of a value as Python prints it: None for nil.
local function str(v)
  if v == nil then return "None" end
  return tostring(v)
end

-- psutil lists the interfaces in the kernel's order; psulua's tables have
-- no order, so they are sorted by name.
local all_addrs = psutil.net_if_addrs()
local nics = {}
for nic in pairs(all_addrs) do nics[#nics + 1] = nic end
table.sort(nics)
if args.interface then
  if not all_addrs[args.interface] then
    io.stderr:write(args.interface, ": error fetching interface information: Device not found\n")
    os.exit(1)
  end
  nics = {args.interface}
end

local stats = psutil.net_if_stats()
local io_counters = psutil.net_io_counters(true)

if args.json then
  local out = {}
  for _, nic in ipairs(nics) do
    out[nic] = {stats = stats[nic] or json.null, io_counters = io_counters[nic] or json.null, addrs = all_addrs[nic]}
  end
  print(json.encode(json.object(out)))
  return
end
for _, nic in ipairs(nics) do
  local addrs = all_addrs[nic]
  print(nic .. ":")
  local st = stats[nic]
  if st then
    print(string.format("    stats          : speed=%dMB, duplex=%s, mtu=%d, up=%s",
      st.speed, duplex_map[st.duplex], st.mtu, st.isup and "yes" or "no"))
  end
  local io = io_counters[nic]
  if io then
    print(string.format("    incoming       : bytes=%s, pkts=%d, errs=%d, drops=%d",
      psutil.bytes2human(io.bytes_recv), io.packets_recv, io.errin, io.dropin))
    print(string.format("    outgoing       : bytes=%s, pkts=%d, errs=%d, drops=%d",
      psutil.bytes2human(io.bytes_sent), io.packets_sent, io.errout, io.dropout))
  end
  for _, addr in ipairs(addrs) do
    print(string.format("    %-4s address   : %s", af_map[addr.family] or string.format("%d", addr.family), str(addr.address)))
    if addr.broadcast then print("         broadcast : " .. addr.broadcast) end
    if addr.netmask then print("         netmask   : " .. addr.netmask) end
    if addr.ptp then print("      p2p       : " .. addr.ptp) end
  end
  print()
end
