package bindings

import "testing"

// psutil 8's enum classes: each member is the module-level constant.
func TestEnumClasses(t *testing.T) {
	L := fixtureState(t, "proc-basic")
	err := L.DoString(`
		local psutil = require("psutil")
		for enum, members in pairs({
			ProcessStatus = 14, ConnectionStatus = 12, NicDuplex = 3,
			BatteryTime = 2, ProcessIOPriority = 4, ProcessRlimit = 17,
		}) do
			local n = 0
			for name, v in pairs(psutil[enum]) do
				assert(psutil[name] == v, enum .. "." .. name .. " is psutil." .. name)
				n = n + 1
			end
			assert(n == members, enum .. " has " .. n .. " members")
		end
		assert(psutil.ProcessStatus.STATUS_RUNNING == psutil.STATUS_RUNNING)
		assert(psutil.ConnectionStatus.CONN_LISTEN == "LISTEN")
		assert(psutil.NicDuplex.NIC_DUPLEX_FULL == 2 and psutil.BatteryTime.POWER_TIME_UNLIMITED == -2)
		assert(psutil.ProcessIOPriority.IOPRIO_CLASS_IDLE == 3)
		assert(psutil.ProcessRlimit.RLIM_INFINITY == psutil.RLIM_INFINITY)
	`)
	if err != nil {
		t.Fatal(err)
	}
}
