-- Issue 19: gopher-lua's compiler recurses once per nesting level without
-- a bound; a million nested table constructors end the whole process with
-- "fatal error: stack overflow" (recover cannot catch it), 1.4 GiB in.
-- Lua 5.1 answers "chunk has too many syntax levels".
return loadstring("return " .. ("{"):rep(1e6) .. ("}"):rep(1e6))
