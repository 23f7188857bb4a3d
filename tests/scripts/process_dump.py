"""The python3-psutil side of process_dump.lua."""
import sys

import psutil

from flatten import flatten

ATTRS = [
    "name", "exe", "cmdline", "ppid", "status", "username", "uids", "gids",
    "terminal", "nice", "ionice", "num_threads", "cpu_affinity", "create_time",
    "cwd", "num_fds", "num_ctx_switches", "memory_info", "cpu_times",
    "io_counters", "open_files", "environ", "memory_percent", "threads",
]

for arg in sys.argv[1:]:
    pid = int(arg)
    out = []
    try:
        p = psutil.Process(pid)
        d = p.as_dict(ATTRS, ad_value="AccessDenied")
        for name in ATTRS:
            flatten(out, f"{pid}.{name}", d[name])
        try:
            flatten(out, f"{pid}.rlimit_nofile", p.rlimit(psutil.RLIMIT_NOFILE))
        except psutil.AccessDenied:
            flatten(out, f"{pid}.rlimit_nofile", "AccessDenied")
        flatten(out, f"{pid}.children", len(p.children()))
    except psutil.Error as e:
        flatten(out, f"{pid}.error", type(e).__name__)
    print("\n".join(out))
