-- io.write goes to the default output file io.output sets; io.output
-- accepts io.stdout back.
local name = os.tmpname()
local f = assert(io.open(name, "w"))
print(io.output(f) == f)
io.write("to the file ", 1, "\n")
print(io.output(io.stdout) == io.stdout)
f:close()
io.write("to stdout\n")
io.write(io.open(name):read("*a"))
os.remove(name)
