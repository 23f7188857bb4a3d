# The ps listing: every process, one line each, with python psutil (see
# bench/internal/workload for the line format).
import psutil

ATTRS = ["pid", "ppid", "name", "username", "status", "cpu_times",
         "memory_info", "num_threads", "create_time", "cmdline"]

for p in psutil.process_iter(ATTRS):
    i = p.info  # psutil < 8: the prefetched values (ad_value None if denied)
    ct, mi, cmdline = i["cpu_times"], i["memory_info"], i["cmdline"]
    print("%d\t%d\t%s\t%s\t%s\t%.2f\t%.2f\t%d\t%d\t%d\t%.2f\t%s" % (
        i["pid"], -1 if i["ppid"] is None else i["ppid"], i["name"] or "?",
        i["username"] or "?", i["status"] or "?",
        ct.user if ct else float("nan"), ct.system if ct else float("nan"),
        mi.rss if mi else -1, mi.vms if mi else -1,
        -1 if i["num_threads"] is None else i["num_threads"],
        -1 if i["create_time"] is None else i["create_time"],
        "?" if cmdline is None else " ".join(cmdline)))
