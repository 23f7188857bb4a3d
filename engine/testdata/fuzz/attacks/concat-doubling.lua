-- Issue 19: the concat operator allocates its result without a size check;
-- the memory watchdog sees the heap only every 5 ms, after a doubling, so
-- resident memory passes the ceiling many times over before it stops.
local s = ("x"):rep(2^20)
while true do s = s .. s end
