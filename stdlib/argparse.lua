-- argparse: command-line options and positional arguments, after Python's
-- argparse.
--
--   local argparse = require("argparse")
--   local p = argparse.new{prog = "top", description = "A clone of top."}
--   p:option{"-n", "--interval", type = "number", default = 1, help = "seconds between updates"}
--   p:flag{"-a", "--all", help = "show all processes"}
--   p:positional{"pid", type = "integer", nargs = "?", help = "only this process"}
--   local args = p:parse_args(arg)
--   -- args.interval, args.all, args.pid
--
-- p:parse(argv) returns a table keyed by dest names. It never exits: on -h
-- or --help it returns nil, the help text and 0; on a bad command line nil,
-- the usage and an error naming the argument ("top: error: argument
-- -n/--interval: invalid number value: 'x'") and 2, argparse's exit status.
-- p:parse_args(argv) exits as Python's parse_args does: the help on stdout
-- and status 0, or the usage and the error on stderr and status 2.

-- Locals, so scripts that change globals do not change the module.
local io, os = io, os
local type, tostring, tonumber, error, ipairs, pairs, setmetatable, getmetatable =
	type, tostring, tonumber, error, ipairs, pairs, setmetatable, getmetatable
local floor = math.floor
local concat = table.concat
local format, sub, find, rep, gsub, upper, match =
	string.format, string.sub, string.find, string.rep, string.gsub, string.upper, string.match

local M = {}
local Parser = {}
Parser.__index = Parser

local function quote(v)
	return "'" .. tostring(v) .. "'"
end

-- Value converters: each returns the value, or nil and the reason.
local converters = {
	string = function(s) return s end,
	number = function(s)
		local n = tonumber(s)
		if n == nil then return nil, "invalid number value: " .. quote(s) end
		return n
	end,
	integer = function(s)
		local n = tonumber(s)
		if n == nil or n ~= floor(n) then return nil, "invalid integer value: " .. quote(s) end
		return n
	end,
}

local function converter(spec, where)
	local t = spec.type or "string"
	if type(t) == "function" then
		return function(s)
			local v, err = t(s)
			if v == nil then return nil, err or ("invalid value: " .. quote(s)) end
			return v
		end
	end
	local c = converters[t]
	if not c then
		error(format("%s: unknown type %s (string, number, integer or a function)", where, quote(t)), 3)
	end
	return c
end

local function checkParser(self, method)
	if getmetatable(self) ~= Parser then
		error(format("argparse: call %s with a colon: p:%s{...}", method, method), 3)
	end
end

--- argparse.new{prog =, description =, epilog =, add_help =} -> parser.
-- prog defaults to the script's file name (arg[0]).
function M.new(spec)
	spec = spec or {}
	if type(spec) ~= "table" then
		error("argparse.new: expected a table, got " .. type(spec), 2)
	end
	local prog = spec.prog
	if prog == nil then
		local a = arg -- the script's arguments, set by the host
		prog = type(a) == "table" and type(a[0]) == "string" and match(a[0], "([^/]*)$") or "script"
	end
	local p = setmetatable({
		prog = tostring(prog),
		description = spec.description,
		epilog = spec.epilog,
		options = {}, -- in declaration order
		positionals = {},
		names = {}, -- "-n" -> option
	}, Parser)
	if spec.add_help ~= false then
		p:flag{"-h", "--help", help = "show this help message and exit"}
		p.options[1].is_help = true
	end
	return p
end

local function addOption(self, spec, kind)
	local where = "p:" .. kind
	if type(spec) ~= "table" then
		error(format("%s: expected a table, got %s", where, type(spec)), 3)
	end
	local opt = {kind = kind, names = {}, help = spec.help, default = spec.default,
		required = spec.required, choices = spec.choices, metavar = spec.metavar}
	local long, short
	for _, name in ipairs(spec) do
		if type(name) ~= "string" or not find(name, "^%-%-?[^-]") then
			error(format("%s: option names start with - or --, got %s", where, quote(name)), 3)
		end
		if self.names[name] then
			error(format("%s: conflicting option string %s", where, name), 3)
		end
		if sub(name, 1, 2) == "--" then
			long = long or name
		elseif #name ~= 2 then
			error(format("%s: a short option is one letter after -, got %s", where, name), 3)
		else
			short = short or name
		end
		opt.names[#opt.names + 1] = name
	end
	if #opt.names == 0 then
		error(where .. ": give at least one name, as in {\"-n\", \"--interval\"}", 3)
	end
	opt.dest = spec.dest or gsub(sub(long or short, long and 3 or 2), "-", "_")
	opt.display = concat(opt.names, "/")
	if kind == "flag" then
		if opt.default == nil then opt.default = false end
	else
		opt.convert = converter(spec, where)
		opt.metavar = opt.metavar or (opt.choices and "{" .. concat(opt.choices, ",") .. "}") or upper(opt.dest)
	end
	for _, name in ipairs(opt.names) do self.names[name] = opt end
	self.options[#self.options + 1] = opt
	return self
end

--- p:option{"-n", "--interval", type =, default =, help =, dest =,
-- metavar =, choices =, required =}: an option taking one value.
function Parser:option(spec)
	checkParser(self, "option")
	return addOption(self, spec, "option")
end

--- p:flag{"-a", "--all", help =, dest =}: a switch, false unless given.
function Parser:flag(spec)
	checkParser(self, "flag")
	return addOption(self, spec, "flag")
end

local nargsMin = {["?"] = 0, ["*"] = 0, ["+"] = 1}

--- p:positional{"pid", type =, nargs = nil|"?"|"*"|"+", default =, help =,
-- metavar =, choices =}: nargs "*" and "+" give a list.
function Parser:positional(spec)
	checkParser(self, "positional")
	if type(spec) ~= "table" or type(spec[1]) ~= "string" or find(spec[1], "^%-") then
		error("p:positional: give the name first, as in {\"pid\"}", 2)
	end
	if spec.nargs ~= nil and nargsMin[spec.nargs] == nil then
		error("p:positional: nargs is \"?\", \"*\" or \"+\", got " .. quote(spec.nargs), 2)
	end
	local pos = {kind = "positional", name = spec[1], nargs = spec.nargs, help = spec.help,
		default = spec.default, choices = spec.choices, convert = converter(spec, "p:positional")}
	pos.dest = spec.dest or gsub(pos.name, "-", "_")
	pos.metavar = spec.metavar or pos.name
	pos.display = pos.metavar
	pos.min = nargsMin[pos.nargs] or 1
	self.positionals[#self.positionals + 1] = pos
	return self
end

local function optionUsage(opt)
	local s = opt.names[1]
	if opt.kind == "option" then s = s .. " " .. opt.metavar end
	if opt.required then return s end
	return "[" .. s .. "]"
end

local function positionalUsage(pos)
	local m = pos.metavar
	if pos.nargs == "?" then return "[" .. m .. "]" end
	if pos.nargs == "*" then return "[" .. m .. " ...]" end
	if pos.nargs == "+" then return m .. " [" .. m .. " ...]" end
	return m
end

--- p:usage() -> "usage: prog [-h] ...".
function Parser:usage()
	checkParser(self, "usage")
	local parts = {"usage: " .. self.prog}
	for _, opt in ipairs(self.options) do parts[#parts + 1] = optionUsage(opt) end
	for _, pos in ipairs(self.positionals) do parts[#parts + 1] = positionalUsage(pos) end
	return concat(parts, " ")
end

local function invocation(item)
	if item.kind == "positional" then return item.metavar end
	local s = concat(item.names, ", ")
	if item.kind == "option" then s = s .. " " .. item.metavar end
	return s
end

local function helpText(item)
	local h = item.help or ""
	if item.default ~= nil and item.kind ~= "flag" and type(item.default) ~= "table" then
		h = h .. (h == "" and "" or " ") .. "(default: " .. tostring(item.default) .. ")"
	end
	return h
end

--- p:help() -> the text --help prints.
function Parser:help()
	checkParser(self, "help")
	local items = {}
	for _, pos in ipairs(self.positionals) do items[#items + 1] = pos end
	for _, opt in ipairs(self.options) do items[#items + 1] = opt end
	-- Help starts in the column after the longest invocation, at most 24.
	local width = 0
	for _, item in ipairs(items) do
		if #invocation(item) > width then width = #invocation(item) end
	end
	local column = width + 4 < 24 and width + 4 or 24
	local lines = {self:usage()}
	if self.description then
		lines[#lines + 1] = ""
		lines[#lines + 1] = self.description
	end
	local function section(title, list)
		if #list == 0 then return end
		lines[#lines + 1] = ""
		lines[#lines + 1] = title
		for _, item in ipairs(list) do
			local inv, h = "  " .. invocation(item), helpText(item)
			if h == "" then
				lines[#lines + 1] = inv
			elseif #inv + 2 <= column then
				lines[#lines + 1] = inv .. rep(" ", column - #inv) .. h
			else
				lines[#lines + 1] = inv
				lines[#lines + 1] = rep(" ", column) .. h
			end
		end
	end
	section("positional arguments:", self.positionals)
	section("options:", self.options)
	if self.epilog then
		lines[#lines + 1] = ""
		lines[#lines + 1] = self.epilog
	end
	return concat(lines, "\n")
end

local function isNegativeNumber(s)
	return find(s, "^%-%d+$") ~= nil or find(s, "^%-%d*%.%d+$") ~= nil
end

-- convert checks and converts one raw value for item, or returns nil and
-- the error message.
local function convert(item, raw)
	local v, err = item.convert(raw)
	if v == nil then
		return nil, format("argument %s: %s", item.display, err)
	end
	if item.choices then
		for _, c in ipairs(item.choices) do
			if c == v then return v end
		end
		local names = {}
		for i, c in ipairs(item.choices) do names[i] = quote(c) end
		return nil, format("argument %s: invalid choice: %s (choose from %s)", item.display, quote(raw), concat(names, ", "))
	end
	return v
end

-- failure is what parse returns for a bad command line.
local function failure(self, msg)
	return nil, self:usage() .. "\n" .. self.prog .. ": error: " .. msg, 2
end

-- exit writes what parse returned instead of arguments and exits with its
-- code: the help goes to stdout, errors to stderr.
local function exit(msg, code)
	local out = code == 0 and io.stdout or io.stderr
	out:write(msg, "\n")
	out:flush()
	os.exit(code)
end

--- p:parse_args([argv]) -> args: p:parse, but -h prints the help and exits
-- with status 0, and a bad command line prints the usage and the error on
-- stderr and exits with status 2.
function Parser:parse_args(argv)
	checkParser(self, "parse_args")
	local args, msg, code = self:parse(argv)
	if args == nil then exit(msg, code) end
	return args
end

--- p:error(message): the usage and "prog: error: message" on stderr, and
-- exit status 2, for a check parse cannot make (as Python's parser.error).
function Parser:error(msg)
	checkParser(self, "error")
	local _, text, code = failure(self, tostring(msg))
	exit(text, code)
end

--- p:parse([argv]) -> args | nil, message, code. argv is a list of strings,
-- the script's global arg when absent, or none when there is no arg (a
-- script an embedding program runs).
function Parser:parse(argv)
	checkParser(self, "parse")
	if argv == nil then argv = type(arg) == "table" and arg or {} end
	if type(argv) ~= "table" then
		error("p:parse: expected the argument list (a table), got " .. type(argv), 2)
	end
	local function fail(msg) return failure(self, msg) end
	-- Tokens that look like negative numbers are values, unless an option
	-- looks like one (as Python decides).
	local negativeOptions = false
	for name in pairs(self.names) do
		if isNegativeNumber(name) then negativeOptions = true end
	end
	local function isOption(tok)
		return sub(tok, 1, 1) == "-" and tok ~= "-" and not (isNegativeNumber(tok) and not negativeOptions)
	end

	local args, seen, values = {}, {}, {}
	local i, n = 1, #argv
	local function take(opt, value)
		if value == nil then
			i = i + 1
			value = argv[i]
			if value == nil or isOption(tostring(value)) then
				return format("argument %s: expected one argument", opt.display)
			end
		end
		local v, err = convert(opt, tostring(value))
		if v == nil then return err end
		args[opt.dest] = v
		seen[opt] = true
	end
	local function set(opt)
		if opt.is_help then return "help" end
		args[opt.dest] = true
		seen[opt] = true
	end

	local rest = false
	while i <= n do
		local tok = tostring(argv[i])
		local err
		if rest or not isOption(tok) then
			values[#values + 1] = tok
		elseif tok == "--" then
			rest = true
		elseif sub(tok, 1, 2) == "--" then
			local name, value = match(tok, "^(%-%-[^=]+)=(.*)$")
			local opt = self.names[name or tok]
			if not opt then
				return fail("unrecognized arguments: " .. tok)
			elseif opt.kind == "flag" then
				if value then
					return fail(format("argument %s: ignored explicit argument %s", opt.display, quote(value)))
				end
				err = set(opt)
			else
				err = take(opt, value)
			end
		else
			-- -n5, -n=5, -n 5, and grouped flags: -ab.
			local j = 2
			while j <= #tok do
				local opt = self.names["-" .. sub(tok, j, j)]
				if not opt then
					return fail("unrecognized arguments: " .. tok)
				elseif opt.kind == "flag" then
					err = set(opt)
					if err then break end
					j = j + 1
				else
					local value = sub(tok, j + 1)
					if value == "" then
						value = nil
					elseif sub(value, 1, 1) == "=" then
						value = sub(value, 2)
					end
					err = take(opt, value)
					break
				end
			end
		end
		if err == "help" then
			return nil, self:help(), 0
		elseif err then
			return fail(err)
		end
		i = i + 1
	end

	local missing = {}
	for _, opt in ipairs(self.options) do
		if not seen[opt] then
			if opt.required then
				missing[#missing + 1] = opt.display
			elseif not opt.is_help then
				args[opt.dest] = opt.default
			end
		end
	end

	-- Positionals take values in order; each leaves enough for the
	-- minimum of those after it, and when values run short the first ones
	-- get theirs (so the error names the last positionals, as Python's).
	local k = 1
	for idx, pos in ipairs(self.positionals) do
		local after = 0
		for j = idx + 1, #self.positionals do after = after + self.positionals[j].min end
		local remaining = #values - k + 1
		local spare = remaining - after
		local count
		if pos.nargs == "?" or pos.nargs == "*" then
			count = spare < 0 and 0 or (pos.nargs == "?" and spare > 1 and 1 or spare)
		else -- one value, or "+": at least one
			count = (pos.nargs == "+" and spare > 1) and spare or 1
			if remaining < 1 then count = nil end
		end
		if count == nil then
			missing[#missing + 1] = pos.display
		elseif pos.nargs == "*" or pos.nargs == "+" then
			local list = {}
			for j = k, k + count - 1 do
				local v, err = convert(pos, values[j])
				if v == nil then return fail(err) end
				list[#list + 1] = v
			end
			if count == 0 and pos.default ~= nil then list = pos.default end
			args[pos.dest] = list
			k = k + count
		elseif count == 1 then
			local v, err = convert(pos, values[k])
			if v == nil then return fail(err) end
			args[pos.dest] = v
			k = k + 1
		else
			args[pos.dest] = pos.default
		end
	end
	if #missing > 0 then
		return fail("the following arguments are required: " .. concat(missing, ", "))
	end
	if k <= #values then
		local extra = {}
		for j = k, #values do extra[#extra + 1] = values[j] end
		return fail("unrecognized arguments: " .. concat(extra, " "))
	end
	return args
end

return M
