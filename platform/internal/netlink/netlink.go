//go:build linux

// Package netlink dumps the kernel's network links and addresses over
// rtnetlink (RTM_GETLINK, RTM_GETADDR), the two requests glibc's getifaddrs
// makes, and parses the replies. It knows the kernel's message formats, not
// psutil's semantics. Parsing is separate from the socket so it is tested on
// captured bytes.
package netlink

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"
	"syscall"
)

// Message types of the two dumps (linux/rtnetlink.h).
const (
	RTM_GETLINK = syscall.RTM_GETLINK
	RTM_GETADDR = syscall.RTM_GETADDR
)

// ErrParse is wrapped by every malformed-message error.
var ErrParse = errors.New("netlink: malformed message")

// recvSize is the receive buffer: the kernel sizes each dump batch from the
// reader's buffer, and a message larger than it would be truncated.
const recvSize = 32 << 10

var seq atomic.Uint32

// Request is one dump: Type (RTM_GETLINK or RTM_GETADDR) for Family
// (AF_UNSPEC for every family, as getifaddrs asks for addresses). Reply
// receives the reply messages, without the final NLMSG_DONE, reusing its
// capacity.
type Request struct {
	Type   uint16
	Family uint8
	Reply  []byte
}

// Dump runs the requests in order on one NETLINK_ROUTE socket.
func Dump(reqs []Request) error {
	size := recvSize
	for range 4 {
		err := dumpAll(reqs, size)
		if err != errTruncated {
			return err
		}
		// A message did not fit: start again, on a fresh socket, with room
		// for it.
		size *= 4
	}
	return errTruncated
}

func dumpAll(reqs []Request, size int) error {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, syscall.NETLINK_ROUTE)
	if err != nil {
		return &opError{"socket", err}
	}
	defer syscall.Close(fd)
	for i := range reqs {
		r := &reqs[i]
		if r.Reply, err = dumpOn(fd, r.Type, r.Family, r.Reply, size); err != nil {
			return err
		}
	}
	return nil
}

var errTruncated = errors.New("netlink: message truncated")

// dumpOn receives straight into buf, keeping in place the messages that
// answer this request.
func dumpOn(fd int, typ uint16, family uint8, buf []byte, size int) ([]byte, error) {
	s := seq.Add(1)
	// nlmsghdr + rtgenmsg padded to 4 bytes, the request glibc sends.
	var req [syscall.NLMSG_HDRLEN + 4]byte
	ne := binary.NativeEndian
	ne.PutUint32(req[0:], uint32(len(req)))
	ne.PutUint16(req[4:], typ)
	ne.PutUint16(req[6:], syscall.NLM_F_REQUEST|syscall.NLM_F_DUMP)
	ne.PutUint32(req[8:], s)
	req[16] = family
	kernel := &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}
	for {
		err := syscall.Sendto(fd, req[:], 0, kernel)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &opError{"sendto", err}
		}
		break
	}

	out := buf[:0]
	for {
		out = recvRoom(out, size)
		w := len(out)
		room := out[w : w+size]
		n, from, err := syscall.Recvfrom(fd, room, syscall.MSG_TRUNC)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &opError{"recvfrom", err}
		}
		if n > size {
			return out, errTruncated
		}
		if sa, ok := from.(*syscall.SockaddrNetlink); !ok || sa.Pid != 0 {
			continue // not from the kernel
		}
		full := out[:cap(out)]
		for b := room[:n]; len(b) > 0; {
			h, body, next, err := header(b)
			if err != nil {
				return nil, err
			}
			msg := b[:len(b)-len(next)]
			b = next
			if h.Seq != s {
				continue // a reply to an earlier, abandoned request
			}
			switch h.Type {
			case syscall.NLMSG_DONE:
				return full[:w], nil
			case syscall.NLMSG_ERROR:
				if len(body) < 4 {
					return nil, fmt.Errorf("%w: short NLMSG_ERROR", ErrParse)
				}
				if errno := -int32(ne.Uint32(body)); errno != 0 {
					return nil, &opError{"dump", syscall.Errno(errno)}
				}
				return full[:w], nil
			}
			w += copy(full[w:], msg) // moves left or stays: copy handles the overlap
		}
		out = full[:w]
	}
}

// recvRoom returns out with room for size more bytes. It at least doubles
// the capacity when it grows, so a dump of many batches is copied a bounded
// number of times per byte rather than once per batch.
func recvRoom(out []byte, size int) []byte {
	if cap(out)-len(out) >= size {
		return out
	}
	grown := make([]byte, len(out), max(2*cap(out), len(out)+size))
	copy(grown, out)
	return grown
}

type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return "netlink " + e.op + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

// msgHeader is a netlink message header (struct nlmsghdr).
type msgHeader struct {
	Len   uint32
	Type  uint16
	Flags uint16
	Seq   uint32
	Pid   uint32
}

// header splits the first message off b: its header, its payload and the
// rest of b after the message's alignment padding.
func header(b []byte) (h msgHeader, body, rest []byte, err error) {
	if len(b) < syscall.NLMSG_HDRLEN {
		return h, nil, nil, fmt.Errorf("%w: %d bytes left, less than a header", ErrParse, len(b))
	}
	ne := binary.NativeEndian
	h = msgHeader{
		Len:   ne.Uint32(b[0:]),
		Type:  ne.Uint16(b[4:]),
		Flags: ne.Uint16(b[6:]),
		Seq:   ne.Uint32(b[8:]),
		Pid:   ne.Uint32(b[12:]),
	}
	if h.Len < syscall.NLMSG_HDRLEN || int(h.Len) > len(b) {
		return h, nil, nil, fmt.Errorf("%w: message length %d with %d bytes left", ErrParse, h.Len, len(b))
	}
	next := align4(int(h.Len))
	if next > len(b) {
		next = len(b)
	}
	return h, b[syscall.NLMSG_HDRLEN:h.Len], b[next:], nil
}

func align4(n int) int { return (n + 3) &^ 3 }

// attrs calls fn for each route attribute (struct rtattr) in b.
func attrs(b []byte, fn func(typ uint16, payload []byte)) error {
	ne := binary.NativeEndian
	for len(b) >= 4 {
		l := int(ne.Uint16(b[0:]))
		typ := ne.Uint16(b[2:])
		if l < 4 || l > len(b) {
			return fmt.Errorf("%w: attribute length %d with %d bytes left", ErrParse, l, len(b))
		}
		// NLA_F_NESTED and NLA_F_NET_BYTEORDER live in the top bits.
		fn(typ&0x3fff, b[4:l])
		next := align4(l)
		if next > len(b) {
			next = len(b)
		}
		b = b[next:]
	}
	return nil
}
