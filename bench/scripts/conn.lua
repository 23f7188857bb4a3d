-- net_connections('inet') with psulua's psutil module (see
-- bench/internal/workload for the line format).
local psutil = require("psutil")
local fmt = string.format

local function addr(a)
	if a.ip == nil then return "-" end
	return a.ip .. ":" .. a.port
end

for _, c in ipairs(psutil.net_connections("inet")) do
	print(fmt("%d\t%d\t%d\t%s\t%s\t%s\t%s", c.fd, c.family, c.type, addr(c.laddr), addr(c.raddr),
		c.status, c.pid or "-"))
end
