-- The global arg holds the whole command line (the script at 0, the
-- interpreter and its options below), and the main chunk gets the
-- script's arguments as `...`.
local lo, hi = 0, 0
for k in pairs(arg) do
  if k < lo then lo = k end
  if k > hi then hi = k end
end
for i = lo, hi do print(i, arg[i]) end
print("#arg", #arg)
print("...", select("#", ...), ...)
