#!/usr/bin/env psulua
-- The first line, starting with #, is skipped; line numbers stay right.
print("shebang ok")
error("on line 4")
