local M = {}
function M.greet(who) return "hello, " .. who end
function M.fail() error("failed in helper") end
if FAIL_AT_LOAD then error("helper refuses to load") end
return M
