-- require finds a module next to the script; an error inside it is
-- traced through require.
local helper = require("require_helper")
print(helper.greet("world"))
print(pcall(helper.fail))
FAIL_AT_LOAD = true
package.loaded.require_helper = nil
require("require_helper")
