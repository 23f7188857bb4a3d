package tests

// Lua 5.1 behaviour psulua once lacked (issue 18), each compared with
// lua5.1 by TestCLIMatchesLua: the scripts are in tests/cli/lua51_*.lua.
var lua51Cases = []cliCase{
	{name: "multiple assignment of locals", args: []string{"lua51_assign.lua"}},
	{name: "io.write follows io.output", args: []string{"lua51_io_output.lua"}},
	{name: "io.output(name) truncates", args: []string{"lua51_io_truncate.lua"}},
	{name: "closures outlive a caught error", args: []string{"lua51_pcall_closure.lua"}},
	{name: "resuming a normal coroutine", args: []string{"lua51_coroutine_normal.lua"}},
	{name: "runaway recursion in coroutines", args: []string{"lua51_coroutine_overflow.lua"}},
	{name: "protected calls nested without end", args: []string{"lua51_protected_nesting.lua"}},
	{name: "a generic for over a call's field", args: []string{"lua51_for_call.lua"}},
	{name: "long table constructors", args: []string{"lua51_long_constructor.lua"}},
	{name: "Lua 5.1 library functions", args: []string{"lua51_compat.lua"}},
	{name: "os and package functions", args: []string{"lua51_os_package.lua"}},
	{name: "too many syntax levels", args: []string{"lua51_syntax_levels.lua"}},
	{name: "runtime errors name the variable", args: []string{"lua51_runtime_names.lua"}},
	{name: "syntax errors say what was expected", args: []string{"lua51_syntax_messages.lua"}},
	{name: "the debug library", args: []string{"lua51_debug.lua"}},
	{name: "a stack overflow's traceback", args: []string{"lua51_overflow.lua"}},
	{name: "integer keys far past the sequence", args: []string{"lua51_far_keys.lua"}},
	{name: "table.sort's quicksort", args: []string{"lua51_sort.lua"}},
	{name: "math.random's intervals", args: []string{"lua51_random.lua"}},
	{name: "modulo and math.mod", args: []string{"lua51_modulo.lua"}},
	{name: "assert's messages", args: []string{"lua51_assert.lua"}},
	{name: "module's tables", args: []string{"lua51_module.lua"}},
	{name: "string.rep's arguments", args: []string{"lua51_rep.lua"}},
	{name: "strings read as numbers", args: []string{"lua51_numbers.lua"}},
	{name: "the math library", args: []string{"lua51_math.lua"}},
	{name: "library functions read arguments as C does", args: []string{"lua51_library.lua"}},
	{name: "an uncaught error names the variable", args: []string{"-e", "local t = {}\nlocal function f() return t.x.y end\nf()"}},
	{name: "a traceback names a function called with a local", args: []string{"-e", "local M\nlocal function va() local x = nil + 1 end\nva(M)"}},
	{name: "tostring with __tostring returning nil", args: []string{"-e", "print(tostring(setmetatable({}, {__tostring = function() end})))"}},
	{name: "string.gfind is string.gmatch", args: []string{"-e", "print(string.gfind == string.gmatch)"}},
	{name: "os.setlocale queries C", args: []string{"-e", "print(os.setlocale())"}},
	{name: "package.loadlib fails softly", args: []string{"-e", "print(package.loadlib('./none.so', 'f'))"}},
	{name: "os.execute without a command", args: []string{"-e", "print(os.execute() ~= 0)"}},
	{name: "numeric for over strings", args: []string{"-e", "for i = '1', '3' do io.write(i, ' ') end print()"}},
	{name: "string.upper and lower by byte", args: []string{"-e", `print(("\129a\195\169Zz"):upper(), ("ABC\200"):lower(), #(("\255"):rep(10)):upper())`}},
	{name: "a deep traceback shows its ends", args: []string{"-e", "local function f(n) if n == 0 then error('x') end return 1 + f(n - 1) end f(30)"}},
}

func init() { cliCases = append(cliCases, lua51Cases...) }
