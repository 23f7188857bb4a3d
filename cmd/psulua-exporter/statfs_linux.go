package main

import "golang.org/x/sys/unix"

// statFiles returns a filesystem's inode count and free inodes, which
// psutil's disk_usage does not report.
func statFiles(path string) (files, free uint64, err error) {
	var st unix.Statfs_t
	for {
		err = unix.Statfs(path, &st)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, err
	}
	return st.Files, st.Ffree, nil
}
