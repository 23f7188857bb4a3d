//go:build unix && !linux

package stdlib

// signalAliases: x/sys's table already names every signal here.
var signalAliases = map[string]int{}
