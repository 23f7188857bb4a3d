module github.com/psulua/psulua

go 1.26.8

require (
	github.com/peterh/liner v1.2.2
	github.com/yuin/gopher-lua v1.1.2
	golang.org/x/sys v0.50.0
	golang.org/x/term v0.48.0
)

require github.com/mattn/go-runewidth v0.0.3 // indirect
