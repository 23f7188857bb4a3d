-- string.find, match, gmatch and gsub against Lua 5.1: each case prints
-- what the call returned, or the error it raised, quoted with %q.
local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[#out + 1] = type(v) == "string" and string.format("%q", v) or tostring(v)
  end
  return table.concat(out, " ")
end

local function try(label, f, ...)
  print(label, show(pcall(f, ...)))
end

local subjects = {
  "", "a", "hello world", "  key = value  ", "f(a(b)c)d", "THE (quick) fox",
  "a,b,,c", "x^y$z", "aaa", "abc\0def", "1 22 333 4444", "[[nested]]", "%d%%",
  "caf\195\169 \t\n end", "one two  three",
}
local patterns = {
  "", "a", ".", "%a+", "%A+", "%d+", "%D", "%l+", "%u+", "%p", "%s+", "%S+",
  "%w+", "%W", "%x+", "%X", "%c", "%z", "%%", "[%a_][%w_]*", "[^%s]+",
  "[a-c]+", "[^a-c]", "[]]", "[^]]", "[a-]", "[-a]", "[%]]", "[%-]", "^a",
  "^h.-o", "a$", "d$", "$", "^$", "^", "a*", "a-", "a?", "a+", "a-b", ".-",
  ".*", "(a)", "(a*)", "()", "(%w+)%s*=%s*(%w+)", "((a)(b))", "(h)(e)(l)",
  "()a()", "%b()", "%b[]", "%f[%w]%w+", "%f[%a]", "%f[%z]", "%f[^%z]",
  "(.)%1", "(a)%1*", "%bxy", "[%d%.]+", "[a-z%d]+", "^(%s*)(.-)(%s*)$",
  "x^", "y%$", "%^", "[%^x]", "%.", ".-%s", "%s*$", "(%d)(%d)%2",
}

for _, s in ipairs(subjects) do
  for _, p in ipairs(patterns) do
    local label = string.format("%q %q", s, p)
    try("find " .. label, string.find, s, p)
    try("find3 " .. label, string.find, s, p, 3)
    try("find-2 " .. label, string.find, s, p, -2)
    try("match " .. label, string.match, s, p)
    try("gsub " .. label, string.gsub, s, p, "<%0>")
    try("gsub2 " .. label, string.gsub, s, p, "[%1]", 2)
    local ok, err = pcall(function()
      local parts = {}
      local n = 0
      for a, b in string.gmatch(s, p) do
        n = n + 1
        if n > 50 then break end
        parts[#parts + 1] = show(a, b)
      end
      return table.concat(parts, "|")
    end)
    print("gmatch " .. label, ok, ok and string.format("%q", err) or err)
  end
end

-- Arguments: init past either end, plain finds, numbers as strings.
try("plain", string.find, "a.b*c", ".b*", 1, true)
try("plain init", string.find, "a.b.b", ".b", 3, true)
try("plain empty", string.find, "abc", "", 10, true)
try("empty past end", string.find, "abc", "", 10)
try("empty at end", string.find, "abc", "", 4)
try("init 0", string.find, "abc", "a", 0)
try("init float", string.find, "abcabc", "a", 2.9)
try("init string", string.find, "abcabc", "a", "3")
try("init bad", string.find, "abc", "a", "x")
try("number subject", string.find, 12345, "3")
try("number pattern", string.gsub, 1213, 1, 9)
try("nil subject", string.match, nil, "a")
try("nil pattern", string.match, "a", nil)
try("match init", string.match, "hello", "l+", 4)
try("match init neg", string.match, "hello", ".", -1)

-- Replacements: strings with %, tables, functions, false and nil.
try("repl %%", string.gsub, "abc", "b", "%%")
try("repl %x", string.gsub, "abc", "b", "%x")
try("repl % at end", function() return #string.gsub("abc", "b", "x%") end)
try("repl %1 no captures", string.gsub, "abc", "b", "[%1]")
try("repl %2 bad", string.gsub, "abc", "(b)", "%2")
try("repl position", string.gsub, "abc", "()b", "%1")
try("repl number", string.gsub, "abc", "b", 7)
try("repl table", string.gsub, "a b c", "%a", {a = 1, b = "B", c = false})
try("repl table capture", string.gsub, "k=v", "(%w)=(%w)", {k = "K"})
try("repl table metatable", string.gsub, "abc", ".", setmetatable({}, {__index = function(_, k) return k:upper() end}))
try("repl table bad", string.gsub, "abc", "b", {b = {}})
try("repl table true", string.gsub, "abc", "b", {b = true})
try("repl function", string.gsub, "hello world", "(%w+)", function(w) return w:reverse() end)
try("repl function nil", string.gsub, "hello world", "%w+", function() end)
try("repl function args", string.gsub, "a=1, b=2", "(%w)=(%w)", function(k, v) return v .. k end)
try("repl function number", string.gsub, "abc", "b", function() return 2.5 end)
try("repl function bad", string.gsub, "abc", "b", function() return {} end)
try("repl function error", string.gsub, "abc", "b", function() error("in repl") end)
try("repl bad type", string.gsub, "abc", "b", true)
try("repl missing", string.gsub, "abc", "b")
try("gsub n 0", string.gsub, "aaa", "a", "b", 0)
try("gsub n -1", string.gsub, "aaa", "a", "b", -1)
try("gsub n float", string.gsub, "aaa", "a", "b", 1.5)
try("gsub anchor", string.gsub, "aaa", "^a", "b")
try("gsub empty matches", string.gsub, "abc", "x*", "-")
try("gsub anchor empty", string.gsub, "abc", "^", ">")

-- Errors in patterns.
for _, p in ipairs({"%", "[a", "[", "[^", "[%", "(a", "a)", "%1", "(a)%2", "%b", "%ba",
    "%f", "%fa", "((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))",
    "(()", "(a%1)"}) do
  try(string.format("error %q", p), string.find, "a(a)a", p)
  try(string.format("error gsub %q", p), string.gsub, "a(a)a", p, "x")
end
try("32 captures", string.find, string.rep("x", 40), string.rep("(x)", 32))
try("33 captures", string.find, string.rep("x", 40), string.rep("(x)", 33))
try("method", function() return ("key=val"):match("(%w+)=(%w+)") end)
try("gmatch anchor is literal", function()
  local t = {}
  for w in ("^a^b"):gmatch("^%a") do t[#t + 1] = w end
  return table.concat(t, ",")
end)
try("long subject", function() return select(2, string.rep("ab", 10000):gsub("b", "")) end)

-- A back reference to a position capture never matches.
try("backref position", string.find, "aa", "()%1")
try("backref position gsub", string.gsub, "abab", "()%1", "x")
-- Lua 5.1 reads a pattern up to its first NUL; a plain find reads it all.
for _, c in ipairs({
    {"a\0b", "a\0b"}, {"xa\0b", "a\0."}, {"a\0b", "[\0]"}, {"a\0b", "[^\0-]+"},
    {"a\0b", "%\0"}, {"ab", "b$\0x"}, {"a\0", "\0$"}, {"a\0b", "\0"}, {"a\0b", "b\0"}}) do
  try(string.format("NUL find %q %q", c[1], c[2]), string.find, c[1], c[2])
  try(string.format("NUL match %q %q", c[1], c[2]), string.match, c[1], c[2])
  try(string.format("NUL gsub %q %q", c[1], c[2]), string.gsub, c[1], c[2], "x")
end
try("NUL plain", string.find, "a\0b", "\0b", 1, true)
-- gsub's n is a C int; init past the integers starts at the beginning.
for _, n in ipairs({2^31, 2^32, 2^32 + 1, 2^53, 1e300, math.huge, -math.huge, 2^31 - 1}) do
  try("gsub n " .. tostring(n), string.gsub, "aaa", "a", "b", n)
end
for _, i in ipairs({math.huge, -math.huge, 1e300, -1e300, 2^62, -(2^62)}) do
  try("find init " .. tostring(i), string.find, "abc", "b", i)
  try("match init " .. tostring(i), string.match, "abc", ".*", i)
end
try("deep pattern", string.find, string.rep("a", 30000), string.rep("a?", 30000))
