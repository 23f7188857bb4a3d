# net_connections('inet') with python psutil (see bench/internal/workload
# for the line format).
import psutil


def addr(a):
    return "%s:%d" % (a.ip, a.port) if a else "-"


for c in psutil.net_connections("inet"):
    print("%d\t%d\t%d\t%s\t%s\t%s\t%s" % (c.fd, c.family, c.type, addr(c.laddr), addr(c.raddr),
                                         c.status, "-" if c.pid is None else c.pid))
