-- Resuming a coroutine that is running or has resumed another ('normal')
-- fails with false and a message.
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function()
    print(coroutine.status(outer))
    return coroutine.resume(outer)
  end)
  print(coroutine.resume(inner))
  print(coroutine.resume(coroutine.running()))
end)
print(coroutine.resume(outer))
print(coroutine.resume(outer))
