//go:build linux

package netlink

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"testing"
	"time"
)

// addCaptures seeds f with the captured dumps of the fixture trees and
// hand-made odd messages.
func addCaptures(f *testing.F, name string) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "*", "netlink", name))
	if err != nil || len(files) == 0 {
		f.Fatalf("no captures named %s: %v", name, err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	attr := func(typ uint16, payload ...byte) []byte {
		a := make([]byte, 4, 8+len(payload))
		binary.NativeEndian.PutUint16(a[0:], uint16(4+len(payload)))
		binary.NativeEndian.PutUint16(a[2:], typ)
		a = append(a, payload...)
		for len(a)%4 != 0 {
			a = append(a, 0)
		}
		return a
	}
	link := append(make([]byte, syscall.SizeofIfInfomsg), attr(syscall.IFLA_IFNAME, 'e', 't', 'h', 0)...)
	link = append(link, attr(syscall.IFLA_MTU, 0, 5, 0, 0)...)
	addr := append(make([]byte, syscall.SizeofIfAddrmsg), attr(syscall.IFA_LOCAL, 127, 0, 0, 1)...)
	addr = append(addr, attr(syscall.IFA_LABEL, 'l', 'o')...)
	for _, b := range [][]byte{
		nil,
		{0},
		make([]byte, 16),
		msg(syscall.RTM_NEWLINK, link),
		msg(syscall.RTM_NEWADDR, addr),
		msg(syscall.RTM_NEWLINK, link[:syscall.SizeofIfInfomsg+2]),
		msg(syscall.RTM_NEWADDR, append(make([]byte, syscall.SizeofIfAddrmsg), 0xff, 0xff, 0, 0)),
		msg(syscall.RTM_NEWADDR, append(make([]byte, syscall.SizeofIfAddrmsg), 3, 0, 0, 0)),
		append(msg(syscall.NLMSG_NOOP, nil), 1, 2, 3),
	} {
		f.Add(b)
	}
}

func FuzzParseLinks(f *testing.F) {
	addCaptures(f, "link.bin")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParseLinks(b, func(l *Link) {
			for _, s := range [][]byte{l.Name, l.Address, l.Broadcast} {
				if !aliases(b, s) {
					t.Fatalf("attribute %x does not alias the input", s)
				}
			}
		})
	})
}

func FuzzParseAddrs(f *testing.F) {
	addCaptures(f, "addr.bin")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParseAddrs(b, func(a *Addr) {
			for _, s := range [][]byte{a.Address, a.Local, a.Broadcast, a.Label} {
				if !aliases(b, s) {
					t.Fatalf("attribute %x does not alias the input", s)
				}
			}
		})
	})
}

// aliases reports whether sub is empty or a slice of b's memory.
func aliases(b, sub []byte) bool {
	if len(sub) == 0 {
		return true
	}
	for i := range b {
		if &b[i] == &sub[0] {
			return i+len(sub) <= len(b)
		}
	}
	return false
}

// watchdog fails the fuzz target when one input runs for more than 10
// seconds, which Go's fuzzing does not check by itself: the worker would
// wait forever. The panic prints every goroutine, the hung parser's too.
func watchdog() (stop func()) {
	t := time.AfterFunc(10*time.Second, func() {
		debug.SetTraceback("all")
		panic("one input ran for more than 10s: the parser hangs")
	})
	return func() { t.Stop() }
}
