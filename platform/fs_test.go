package platform

import (
	"path/filepath"
	"testing"
)

func TestFSLive(t *testing.T) {
	procfsPath := LiveFS()
	procfsPath.Proc = "/proc/"
	tests := []struct {
		name string
		fs   FS
		want bool
	}{
		{"the running machine", LiveFS(), true},
		{"a fixture tree", FixtureFS("testdata/x"), false},
		{"PROCFS_PATH elsewhere", procfsPath, false},
		{"roots given one by one", FS{Proc: "/proc", Sys: "/sys"}, false},
	}
	for _, tt := range tests {
		if got := tt.fs.Live(); got != tt.want {
			t.Errorf("%s: Live() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFixtureFSLayout(t *testing.T) {
	got := FixtureFS("dir")
	want := FS{
		Proc: filepath.Join("dir", "proc"),
		Sys:  filepath.Join("dir", "sys"),
		Etc:  filepath.Join("dir", "etc"),
		Dev:  filepath.Join("dir", "dev"),
		Run:  filepath.Join("dir", "run"),
	}
	if got != want {
		t.Errorf("FixtureFS(dir) = %+v, want %+v", got, want)
	}
	if p := got.proc("1", "stat"); p != filepath.Join("dir", "proc")+"/1/stat" {
		t.Errorf("proc(1, stat) = %q", p)
	}
}
