package platform

import "path/filepath"

// FS names the roots the Linux backend reads from. Tests point them at
// fixture trees under testdata/; psutil's PROCFS_PATH sets Proc.
type FS struct {
	Proc string // procfs mount, "/proc" on a live machine
	Sys  string // sysfs mount, "/sys" on a live machine
	Utmp string // the utmp login records read by Users, "/var/run/utmp"
}

// LiveFS returns the roots of the running machine.
func LiveFS() FS {
	return FS{Proc: "/proc", Sys: "/sys", Utmp: "/var/run/utmp"}
}

// FixtureFS returns the roots of a fixture tree laid out as dir/proc,
// dir/sys and dir/var/run/utmp.
func FixtureFS(dir string) FS {
	return FS{
		Proc: filepath.Join(dir, "proc"),
		Sys:  filepath.Join(dir, "sys"),
		Utmp: filepath.Join(dir, "var", "run", "utmp"),
	}
}

func (fs FS) proc(elem ...string) string { return join(fs.Proc, elem) }
func (fs FS) sys(elem ...string) string  { return join(fs.Sys, elem) }

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
