-- The process list as a tree, like 'ps aux --forest': a port of psutil's
-- scripts/pstree.py.
--
-- $ psulua examples/pstree.lua
-- 0 ?
-- |- 1 process_api
-- | |- 1088 memfd:sealed-91
-- | | `_ 1089 bash
-- | `_ 26286 memfd:sealed-91
-- |   `_ 26287 bash
-- |     `_ 13106 bash
-- |       |- 13108 sleep
-- |       `_ 13190 psulua
-- `_ 2 kthreadd
--   |- 3 pool_workqueue_release
--   ...
local psutil = require("psutil")
local argparse = require("argparse")

argparse.new{prog = "pstree", description = "Show the process list as a tree (psutil's scripts/pstree.py)."}:parse_args(arg)

-- children[ppid] lists the pids whose parent is ppid, in pid order.
local children = {}
for p in psutil.process_iter() do
  local ok, ppid = pcall(p.ppid, p)
  if ok then
    children[ppid] = children[ppid] or {}
    table.insert(children[ppid], p.pid)
  elseif not psutil.iserror(ppid, psutil.NoSuchProcess) then
    error(ppid, 0)
  end
end
-- on systems supporting PID 0, PID 0's parent is usually 0
if children[0] then
  for i, pid in ipairs(children[0]) do
    if pid == 0 then
      table.remove(children[0], i)
      break
    end
  end
end

local out = {}
local function print_tree(parent, indent)
  local ok, name = pcall(function() return psutil.Process(parent):name() end)
  if not ok then name = "?" end
  out[#out + 1] = parent .. " " .. tostring(name) .. "\n"
  local kids = children[parent]
  if not kids or #kids == 0 then return end
  for i = 1, #kids - 1 do
    out[#out + 1] = indent .. "|- "
    print_tree(kids[i], indent .. "| ")
  end
  out[#out + 1] = indent .. "`_ "
  print_tree(kids[#kids], indent .. "  ")
end

local root
for ppid in pairs(children) do
  if root == nil or ppid < root then root = ppid end
end
if root ~= nil then
  print_tree(root, "")
end
io.write(table.concat(out))
