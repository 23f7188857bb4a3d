-- List the installed Windows services: a port of psutil's
-- scripts/winservices.py. Under wine:
--
-- $ psulua examples/winservices.lua
-- 'BITS' ('BITS Service')
-- status: stopped, start: manual, username: LocalSystem, pid: None
-- binpath: C:\windows\system32\svchost.exe -k netsvcs
--
-- 'PlugPlay' ('Plug and Play Service')
-- status: running, start: automatic, username: LocalSystem, pid: 164
-- binpath: C:\windows\system32\plugplay.exe
-- ...
local psutil = require("psutil")
local argparse = require("argparse")

argparse.new{prog = "winservices",
  description = "List the installed Windows services (psutil's scripts/winservices.py)."}:parse_args(arg)

if not psutil.WINDOWS then
  io.stderr:write("platform not supported (Windows only)\n")
  os.exit(1)
end

-- Python's repr of a string, as winservices.py prints the names.
local function repr(s)
  return "'" .. s:gsub("\\", "\\\\"):gsub("'", "\\'") .. "'"
end

for service in psutil.win_service_iter() do
  -- Windows 11 fails to read this one's description (psutil #2383).
  if service:name() ~= "WaaSMedicSvc" then
    local info = service:as_dict()
    print(string.format("%s (%s)", repr(info.name), repr(info.display_name)))
    print(string.format("status: %s, start: %s, username: %s, pid: %s",
      info.status, info.start_type, info.username, info.pid and tostring(info.pid) or "None"))
    print("binpath: " .. info.binpath)
    print()
  end
end
