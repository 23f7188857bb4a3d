-- Issue 19: a coroutine.yield inside pcall inside a coroutine, resumed
-- twice, is a Go nil pointer dereference in the VM, which the script can
-- catch as a Lua error ("runtime error: invalid memory address or nil
-- pointer dereference") while the host goes back into a Pool. Only
-- PSULUA_FUZZ_STRICT=1 makes that a failure.
local co = coroutine.create(function() pcall(coroutine.yield) end)
coroutine.resume(co)
coroutine.resume(co)
coroutine.resume(co)
