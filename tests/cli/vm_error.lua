-- An error the VM raises (not error()): the message is the VM's own.
local x = nil
print("before")
print(x.y)
