"""flatten(out, key, value): the Python side of flatten.lua. Fields that
psulua follows newer psutil in dropping are left out: sdiskpart's maxfile
and maxpath (gone in psutil 6), pmem's lib and dirty (gone in psutil 8)."""

DROPPED = {"maxfile", "maxpath", "lib", "dirty"}


def flatten(out, key, v):
    if hasattr(v, "_fields"):
        for name in v._fields:
            if name not in DROPPED:
                flatten(out, key + "." + name, getattr(v, name))
    elif isinstance(v, dict):
        if not v:
            out.append(key + "\t{}")
        for k in sorted(v, key=str):
            flatten(out, key + "." + str(k), v[k])
    elif isinstance(v, (list, tuple)):
        if not v:
            out.append(key + "\t{}")
        for i, x in enumerate(v):
            flatten(out, key + "." + str(i + 1), x)
    elif isinstance(v, bool):
        out.append(key + "\t" + ("true" if v else "false"))
    elif isinstance(v, str):
        out.append(key + "\t" + lua_quote(v))
    elif isinstance(v, (int, float)):
        out.append(key + "\t" + repr(float(v)))
    elif v is None:
        out.append(key + "\tNone")
    else:
        raise TypeError(key + ": " + repr(v))


def lua_quote(s):
    # flatten.lua's quoting: Lua's %q with newlines as \n, one line a value.
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
