-- os.exit ends the script with its status, flushing what was written,
-- even from inside a pcall, and nothing after it runs.
io.stdout:setvbuf("full")
io.write("buffered ")
io.write("line\n")
local code = tonumber(arg[1])
pcall(os.exit, code)
print("not reached")
