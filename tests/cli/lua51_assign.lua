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

-- x = a and b to a local, a false or nil and not a local: x takes a
do
local t = {}
local function f(v) return v end
local x, y, z
local F, N = false, nil
x = 7; x = t.no and 1; print(1, x)
x = 7; x = f(nil) and 1; print(2, x)
x = 7; x = f(false) and 1; print(3, x)
x = 7; x = t.no and t.no and 1; print(4, x)
x = 7; x = (t.no or F) and 1; print(5, x)
x = 7; x = t.no or F; print(6, x)
x = 7; x = (t.no and 1) or F; print(7, x)
x = 7; x = F and 1; print(8, x)
x = 7; x = N and 1; print(9, x)
x = 7; x = gg and 1; print(10, x)
x = 7; x = not t.no and t.no; print(11, x)
x = 7; x = 1 and t.no and 2; print(12, x)
x = 7; x = (1 < 2) and t.no; print(13, x)
x = 7; x = t.no and (1 < 2); print(14, x)
x = 7; x = t[1] and 1 or t.no; print(15, x)
x = 7; x = f(1) and f(false) and f(3); print(16, x)
local function g() x = 7; x = t.no and 1; return x end
print(17, g())
local up = 7
local function h() up = t.no and 1; return up end
print(18, h())
x, y = 5, 6; x, y = t.no and 1, f(nil) and 2; print(19, x, y)
x = 7; x = t.no and 1, 5; print(20, x)
local n = 0
x = 1
while x and n < 100 do x = t.no and x; n = n + 1 end print(21, x, n)
end

-- more values than targets: the extras are evaluated and dropped
do
local function f(v) return v end
local a, b = 1, nil
a = ..., 2; print(1, a, b)
local function g(p) p = tostring(1), 1 return p end
print(2, g())
a, b = 1, nil
a = (tostring(1)), 2; print(3, a, b)
a, b = 1, nil
a = f(5), f(6); print(4, a, b)
a, b = 1, nil
a = f(5), 2, 3; print(5, a, b)
local t = {}
t.x = f(5), 2; print(6, t.x)
G = f(5), 2; print(7, G)
local up = 1
local function h() up = f(5), f(7); return up end
print(8, h(), a, b)
a = 3, f(9); print(9, a, b)
a = {}, f(9); print(10, type(a), b)
end
