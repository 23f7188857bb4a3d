-- A coroutine that resumed the one that resumed the running one is
-- 'normal' too, and resuming it fails (it recursed until Go's stack
-- overflowed, which ended the program).
local a
a = coroutine.create(function()
  coroutine.resume(coroutine.create(function()
    coroutine.resume(coroutine.create(function()
      print(coroutine.status(a))
      print(coroutine.resume(a))
    end))
  end))
end)
print(coroutine.resume(a))
local outer
outer = coroutine.wrap(function()
  local mid = coroutine.wrap(function()
    local inner = coroutine.wrap(function() print(pcall(outer)) end)
    inner()
  end)
  mid()
  return "outer done"
end)
print(outer())
print(coroutine.status(a))
