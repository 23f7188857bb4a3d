-- Found by FuzzRunString (minimized from a seed): gopher-lua's string.upper
-- and string.lower are Go's strings.ToUpper/ToLower, which read the string
-- as UTF-8: each byte that is not valid UTF-8 becomes U+FFFD, three bytes,
-- so the result is up to 3 times the input, allocated in one call that no
-- guard checks (+147 MiB resident against a 32 MiB limit here). They also
-- answer otherwise than Lua 5.1, which maps bytes one by one in the C
-- locale: ("\129a\195\169"):upper() is "\129A\195\169" in lua5.1 and
-- "\239\191\189A\195\137" in psulua.
local s = ("\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129\129x"):rep(1e6)
for i = 1, 100 do s = s:upper():lower() end
