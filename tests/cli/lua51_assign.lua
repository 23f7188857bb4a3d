-- Multiple assignment evaluates every value before assigning any
-- (gopher-lua compiled `x, y = y, x` on locals as x = y; y = x).
local x, y = 1, 2
x, y = y, x
print(x, y)
local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
local t, i = {}, 1
i, t[i] = i + 1, 20
print(i, t[1], t[2])
local function two() return 7, 8 end
local p, q = 0, 0
p, q = two()
print(p, q)
p, q = q
print(p, q)
g1, g2 = 1, 2
g1, g2 = g2, g1
print(g1, g2)
local up1, up2 = "a", "b"
local function swap() up1, up2 = up2, up1 end
swap()
print(up1, up2)
