// Package strftime formats times with C's strftime conversions, as glibc
// writes them in the C locale: Lua's os.date and the stdlib's
// time.strftime both use it.
package strftime

import (
	"strconv"
	"time"
)

var (
	days   = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	months = [...]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// Append appends t formatted by format. gmt tells a time C's gmtime made,
// whose zone glibc names "GMT". A conversion glibc does not know, or a
// '%' that ends the format, is appended as it is, and the first is
// returned as bad ("%Q", or "%").
func Append(b []byte, format string, t time.Time, gmt bool) (_ []byte, bad string) {
	return AppendChecked(b, format, t, gmt, nil)
}

// checkEvery is how many bytes of format AppendChecked reads between
// calls of its check.
const checkEvery = 1 << 12

// AppendChecked is Append calling check, when not nil, with the length of
// what it has appended so far every checkEvery bytes of format: a long
// format makes a result up to about 30 times as long, which a caller
// under a time or memory limit must be able to stop (check panics).
func AppendChecked(b []byte, format string, t time.Time, gmt bool, check func(n int)) (_ []byte, bad string) {
	num := func(n, width int, fill byte) {
		s := strconv.Itoa(n)
		for i := len(s); i < width; i++ {
			b = append(b, fill)
		}
		b = append(b, s...)
	}
	nested := func(format string) { b, _ = Append(b, format, t, gmt) }
	for i := 0; i < len(format); i++ {
		if check != nil && i%checkEvery == 0 && i > 0 {
			check(len(b))
		}
		c := format[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		if i++; i == len(format) {
			b = append(b, '%')
			if bad == "" {
				bad = "%"
			}
			break
		}
		switch d := format[i]; d {
		case '%':
			b = append(b, '%')
		case 'a':
			b = append(b, days[t.Weekday()][:3]...)
		case 'A':
			b = append(b, days[t.Weekday()]...)
		case 'b', 'h':
			b = append(b, months[t.Month()-1][:3]...)
		case 'B':
			b = append(b, months[t.Month()-1]...)
		case 'c':
			nested("%a %b %e %H:%M:%S %Y")
		case 'C':
			num(t.Year()/100, 1, '0') // as %Y, unpadded before year 1000
		case 'd':
			num(t.Day(), 2, '0')
		case 'D', 'x':
			nested("%m/%d/%y")
		case 'e':
			num(t.Day(), 2, ' ')
		case 'F':
			nested("%Y-%m-%d")
		case 'g':
			y, _ := t.ISOWeek()
			num(y%100, 2, '0')
		case 'G':
			y, _ := t.ISOWeek()
			num(y, 1, '0')
		case 'H':
			num(t.Hour(), 2, '0')
		case 'I':
			num((t.Hour()+11)%12+1, 2, '0')
		case 'j':
			num(t.YearDay(), 3, '0')
		case 'k':
			num(t.Hour(), 2, ' ')
		case 'l':
			num((t.Hour()+11)%12+1, 2, ' ')
		case 'm':
			num(int(t.Month()), 2, '0')
		case 'M':
			num(t.Minute(), 2, '0')
		case 'n':
			b = append(b, '\n')
		case 'p':
			if t.Hour() < 12 {
				b = append(b, "AM"...)
			} else {
				b = append(b, "PM"...)
			}
		case 'P':
			if t.Hour() < 12 {
				b = append(b, "am"...)
			} else {
				b = append(b, "pm"...)
			}
		case 'r':
			nested("%I:%M:%S %p")
		case 'R':
			nested("%H:%M")
		case 's':
			b = strconv.AppendInt(b, t.Unix(), 10)
		case 'S':
			num(t.Second(), 2, '0')
		case 't':
			b = append(b, '\t')
		case 'T', 'X':
			nested("%H:%M:%S")
		case 'u':
			num((int(t.Weekday())+6)%7+1, 1, '0')
		case 'U': // week of the year, weeks starting on Sunday
			num((t.YearDay()+6-int(t.Weekday()))/7, 2, '0')
		case 'V':
			_, w := t.ISOWeek()
			num(w, 2, '0')
		case 'w':
			num(int(t.Weekday()), 1, '0')
		case 'W': // week of the year, weeks starting on Monday
			num((t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2, '0')
		case 'y':
			num(t.Year()%100, 2, '0')
		case 'Y':
			num(t.Year(), 1, '0')
		case 'z':
			_, off := t.Zone()
			sign := byte('+')
			if off < 0 {
				sign, off = '-', -off
			}
			b = append(b, sign)
			num(off/3600, 2, '0')
			num(off%3600/60, 2, '0')
		case 'Z':
			if gmt {
				b = append(b, "GMT"...)
			} else {
				name, _ := t.Zone()
				b = append(b, name...)
			}
		default:
			b = append(b, '%', d)
			if bad == "" {
				bad = "%" + string(d)
			}
		}
	}
	return b, bad
}
