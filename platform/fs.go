package platform

import "path/filepath"

// FS names the roots a backend reads from: on Linux the kernel's procfs and
// sysfs mounts, the system's configuration (/etc: the user database, mtab),
// its device nodes (/dev: terminals) and its runtime state (/run: the utmp
// login records). Tests point them at fixture trees under testdata/;
// psutil's PROCFS_PATH sets Proc.
type FS struct {
	Proc string // procfs mount, "/proc" on a live machine
	Sys  string // sysfs mount, "/sys" on a live machine
	Etc  string // configuration: passwd, mtab; "/etc" on a live machine
	Dev  string // device nodes: tty*, pts/*; "/dev" on a live machine
	Run  string // runtime state: utmp; "/run" on a live machine
}

// LiveFS returns the roots of the running machine.
func LiveFS() FS {
	return FS{Proc: "/proc", Sys: "/sys", Etc: "/etc", Dev: "/dev", Run: "/run"}
}

// FixtureFS returns the roots of a fixture tree laid out as dir/proc,
// dir/sys, dir/etc, dir/dev and dir/run.
func FixtureFS(dir string) FS {
	return FS{
		Proc: filepath.Join(dir, "proc"),
		Sys:  filepath.Join(dir, "sys"),
		Etc:  filepath.Join(dir, "etc"),
		Dev:  filepath.Join(dir, "dev"),
		Run:  filepath.Join(dir, "run"),
	}
}

// Live reports whether fs is the running machine's roots ([LiveFS]). Only
// then may a backend ask the kernel directly (system calls, netlink, the
// calling process's own mounts) instead of reading files under the roots:
// a fixture tree, or a PROCFS_PATH pointing elsewhere, describes another
// machine.
func (fs FS) Live() bool { return fs == LiveFS() }

// proc returns the path of elem under the procfs root.
func (fs FS) proc(elem ...string) string { return join(fs.Proc, elem) }

// join is root/elem[0]/elem[1]..., in one allocation.
func join(root string, elem []string) string {
	n := len(root)
	for _, e := range elem {
		n += 1 + len(e)
	}
	b := make([]byte, 0, n)
	b = append(b, root...)
	for _, e := range elem {
		b = append(b, '/')
		b = append(b, e...)
	}
	return string(b)
}
