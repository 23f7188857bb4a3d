package procfs

import "testing"

func FuzzParseFilesystems(f *testing.F) {
	addFixtures(f, []string{"proc/filesystems"},
		"nodev\tsysfs\nnodev\tproc\n\text4\n\tbtrfs\nnodev\tfuse\n\tfuseblk\n",
		"nodev\n", "nodev\t\n", "nodevfoo\tbar\n", "\t\n\t\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		for _, fs := range ParseFilesystems(b, nil) {
			if !contains(b, fs.Name) {
				t.Fatalf("name %q does not alias the input", fs.Name)
			}
		}
	})
}
