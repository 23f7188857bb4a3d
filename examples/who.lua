-- A clone of 'who': the users logged in. A port of psutil's scripts/who.py.
-- Prints nothing when nobody is logged in, as on this machine (a VM with no
-- login sessions); elsewhere, as who.py's documentation shows:
--
-- $ psulua examples/who.lua
-- giampaolo    console    2017-03-25 22:24                loginwindow
-- giampaolo    ttys000    2017-03-25 23:28 (10.0.2.2)     sshd
--
-- --json prints one JSON list instead: users() with psutil's fields (name,
-- terminal, host, started in seconds since the epoch, pid).
local psutil = require("psutil")
local time = require("time")
local argparse = require("argparse")
local json = require("json")

local parser = argparse.new{prog = "who", description = "A clone of who (psutil's scripts/who.py)."}
parser:flag{"--json", help = "print one JSON document"}
local args = parser:parse_args(arg)

if args.json then
  print(json.encode(psutil.users()))
  return
end

for _, user in ipairs(psutil.users()) do
  local proc_name = ""
  if user.pid then
    local ok, name = pcall(function() return psutil.Process(user.pid):name() end)
    if ok then proc_name = name end
  end
  print(string.format("%-12s %-10s %-10s %-14s %s",
    user.name,
    user.terminal or "-",
    time.strftime("%Y-%m-%d %H:%M", user.started),
    "(" .. (user.host or "") .. ")",
    proc_name))
end
