-- os.setlocale, os.execute and package.loadlib as Lua 5.1 answers on a
-- machine with a shell and no such library.
print(os.setlocale(), os.setlocale("C"), os.setlocale("C", "numeric"), os.setlocale("no_such_locale"))
print(os.execute() ~= 0)
print(package.loadlib("./no_such_library.so", "luaopen_x"))
print(os.date("!%j %U %W %e %c %x %X %Z", 86400 * 40))
