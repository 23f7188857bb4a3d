/*
 * floor-c prints the ps listing (bench/internal/workload's format) with the
 * least work a C program can do: the floor psulua's Go API is measured
 * against, as the Go floor (bench/runners/floor) is without Go's runtime.
 * It lists /proc with getdents64, reads stat and cmdline of each process
 * with one open, read and close each into one reused buffer, takes the
 * real uid from a pidfd (pidfd_open, the PIDFD_GET_INFO ioctl of Linux
 * 6.13, close: cheaper than status, which it reads instead on older
 * kernels), parses by hand, and looks user names up in /etc/passwd read
 * once.
 *
 * make bench compiles it with the C compiler ($CC, else gcc) at run time:
 * cc -O2 -o floor-c floor.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define TICKS 100.0 /* USER_HZ */

static char *buf;
static size_t bufcap = 4096;

struct user {
	long uid;
	char *name;
};
static struct user *users;
static size_t nusers;

static long long atoll_prefix(const char *s, const char *end)
{
	int neg = 0;
	long long n = 0;
	if (s < end && *s == '-') {
		neg = 1;
		s++;
	}
	for (; s < end && *s >= '0' && *s <= '9'; s++)
		n = n * 10 + (*s - '0');
	return neg ? -n : n;
}

/* readfile reads path into buf; procfs hands out a whole file in one read
 * when it fits, so a short read ends it. Returns the length, -1 if gone. */
static long readfile(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t n = 0;
	for (;;) {
		if (n == bufcap) {
			bufcap *= 2;
			buf = realloc(buf, bufcap);
			if (!buf)
				exit(1);
		}
		ssize_t r = read(fd, buf + n, bufcap - n);
		if (r < 0) {
			close(fd);
			return -1;
		}
		n += r;
		if (r == 0 || n < bufcap)
			break;
	}
	close(fd);
	return n;
}

static void load_users(void)
{
	FILE *f = fopen("/etc/passwd", "r");
	char line[1024];
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		char *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		char *c3 = c2 ? strchr(c2 + 1, ':') : NULL;
		if (!c3)
			continue;
		users = realloc(users, (nusers + 1) * sizeof *users);
		users[nusers].uid = atoll_prefix(c2 + 1, c3);
		users[nusers].name = strndup(line, c1 - line);
		nusers++;
	}
	fclose(f);
}

static const char *user_name(long uid)
{
	/* The first entry wins (the Go floor keeps the last): passwd files
	 * rarely repeat a uid, and a linear search of a few dozen entries
	 * costs less than the reads. */
	for (size_t i = 0; i < nusers; i++)
		if (users[i].uid == uid)
			return users[i].name;
	return NULL;
}

static const char *status_name(char c)
{
	switch (c) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk-sleep";
	case 'T': return "stopped";
	case 't': return "tracing-stop";
	case 'Z': return "zombie";
	case 'X': case 'x': return "dead";
	case 'K': return "wake-kill";
	case 'W': return "waking";
	case 'I': return "idle";
	case 'P': return "parked";
	}
	return "?";
}

static double btime;
static long pagesize;

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* The kernel's struct pidfd_info as first published, and PIDFD_GET_INFO
 * for it. */
struct pidfd_info {
	unsigned long long mask, cgroupid;
	unsigned int pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid, spare0;
};
#define PIDFD_GET_INFO 0xc040ff0bUL

static int no_pidfd; /* pidfd_open or PIDFD_GET_INFO failed: read status */

static const char *procpath(char *path, const char *pid, const char *file);
static long readfile(const char *path);

/* real_uid returns the real uid of pid, -1 if not known, -2 if it vanished. */
static long real_uid(const char *pid)
{
	if (!no_pidfd) {
		int fd = syscall(SYS_pidfd_open, atoi(pid), 0);
		if (fd >= 0) {
			struct pidfd_info info = {0};
			int r = ioctl(fd, PIDFD_GET_INFO, &info);
			int e = errno;
			close(fd);
			if (r == 0)
				return info.ruid;
			errno = e;
		}
		if (errno == ESRCH)
			return -2;
		no_pidfd = 1;
	}
	char path[300];
	long n = readfile(procpath(path, pid, "status"));
	if (n < 0)
		return -2;
	char *u = memmem(buf, n, "\nUid:\t", 6);
	return u ? atoll_prefix(u + 6, buf + n) : -1;
}

/* procpath writes "/proc/<pid>/<file>" into path (which holds 300). */
static const char *procpath(char *path, const char *pid, const char *file)
{
	size_t np = strlen(pid), nf = strlen(file);
	memcpy(path, "/proc/", 6);
	memcpy(path + 6, pid, np);
	path[6 + np] = '/';
	memcpy(path + 7 + np, file, nf + 1);
	return path;
}

static void process(const char *pid)
{
	char path[300]; /* a d_name is at most 255 bytes */
	long n = readfile(procpath(path, pid, "stat"));
	if (n <= 0)
		return;
	char *open_ = memchr(buf, '(', n), *end = memrchr(buf, ')', n);
	if (!open_ || !end || end < open_ || end + 2 >= buf + n)
		return;
	char comm[64];
	size_t ncomm = end - open_ - 1;
	if (ncomm >= sizeof comm)
		ncomm = sizeof comm - 1;
	memcpy(comm, open_ + 1, ncomm);
	comm[ncomm] = 0;
	char *p = end + 2, *lim = buf + n;
	char state = *p;
	long long ppid = 0, utime = 0, stime = 0, nthreads = 0, start = 0, vsize = 0, rss = 0;
	/* fields of proc(5), counted from state (3) as 0 */
	for (int i = 0; i <= 21 && p < lim; i++) {
		char *sp = memchr(p, ' ', lim - p);
		char *fe = sp ? sp : lim;
		switch (i) {
		case 1: ppid = atoll_prefix(p, fe); break;
		case 11: utime = atoll_prefix(p, fe); break;
		case 12: stime = atoll_prefix(p, fe); break;
		case 17: nthreads = atoll_prefix(p, fe); break;
		case 19: start = atoll_prefix(p, fe); break;
		case 20: vsize = atoll_prefix(p, fe); break;
		case 21: rss = atoll_prefix(p, fe); break;
		}
		p = sp ? sp + 1 : lim;
	}

	long uid = real_uid(pid);
	if (uid == -2)
		return;

	n = readfile(procpath(path, pid, "cmdline"));
	if (n < 0)
		return;
	if (n > 0 && buf[n - 1] == 0)
		n--;
	char sep = 0;
	if (!memchr(buf, 0, n) && memchr(buf, ' ', n))
		sep = ' '; /* a process that rewrote its command line with spaces */
	/* psutil's name: the kernel keeps 15 bytes; a longer name is the
	 * basename of the first argument when that starts with them. */
	const char *name = comm;
	size_t nname = ncomm;
	if (ncomm >= 15 && n > 0) {
		char *a0 = buf, *a0end = memchr(buf, sep, n);
		if (!a0end)
			a0end = buf + n;
		char *slash = memrchr(a0, '/', a0end - a0);
		if (slash)
			a0 = slash + 1;
		if ((size_t)(a0end - a0) >= ncomm && memcmp(a0, comm, ncomm) == 0) {
			name = a0;
			nname = a0end - a0;
		}
	}
	printf("%s\t%lld\t%.*s\t", pid, ppid, (int)nname, name);
	const char *un = user_name(uid);
	if (un)
		fputs(un, stdout);
	else
		printf("%ld", uid);
	printf("\t%s\t%.2f\t%.2f\t%llu\t%lld\t%lld\t%.2f\t", status_name(state), utime / TICKS, stime / TICKS,
	       (unsigned long long)rss * (unsigned long long)pagesize, vsize, nthreads, btime + start / TICKS);
	for (long i = 0; i < n; i++)
		if (buf[i] == 0)
			buf[i] = ' ';
	fwrite(buf, 1, n, stdout);
	putchar('\n');
}

int main(void)
{
	static char out[64 << 10];
	setvbuf(stdout, out, _IOFBF, sizeof out);
	buf = malloc(bufcap);
	pagesize = sysconf(_SC_PAGESIZE);
	long n = readfile("/proc/stat");
	if (n < 0)
		return 1;
	char *bt = memmem(buf, n, "\nbtime ", 7);
	if (bt)
		btime = atoll_prefix(bt + 7, buf + n);
	load_users();

	int fd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	static char dents[32 << 10];
	for (;;) {
		long r = syscall(SYS_getdents64, fd, dents, sizeof dents);
		if (r < 0)
			return 1;
		if (r == 0)
			break;
		for (long off = 0; off < r;) {
			struct dirent64 *d = (struct dirent64 *)(dents + off);
			if (d->d_name[0] >= '1' && d->d_name[0] <= '9')
				process(d->d_name);
			off += d->d_reclen;
		}
	}
	close(fd);
	return fflush(stdout) == 0 ? 0 : 1;
}
