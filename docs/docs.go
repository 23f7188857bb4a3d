// Package docs holds psulua's reference for Lua scripts, lua-api.md (the
// psutil module) and stdlib.md (the other modules), and splits it into the
// entries that help(x) prints. The markdown files are the only source: the
// REPL's help and the documentation cannot drift apart.
//
// An entry is a "### " heading and the text up to the next heading of
// level 3 or less. The heading names it: "### psutil.cpu_percent(interval,
// percpu)" is the entry "psutil.cpu_percent"; several names are separated
// by " / " ("### psutil.CONN_* / psutil.ConnectionStatus").
package docs

import (
	_ "embed"
	"path"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/psulua/psulua/internal/suggest"
)

var (
	//go:embed lua-api.md
	luaAPI string
	//go:embed stdlib.md
	stdlibDoc string
)

// Files are the embedded markdown files by name.
var Files = map[string]string{"lua-api.md": luaAPI, "stdlib.md": stdlibDoc}

// Entry is one documented name (or group of names).
type Entry struct {
	Names []string // the keys: "psutil.cpu_percent", "Process:memory_info", "svmem", "json.encode"
	Title string   // the heading without "### "
	Body  string   // the markdown under the heading
}

// Text is the entry as plain terminal text.
func (e *Entry) Text() string {
	return Plain(e.Title + "\n\n" + strings.TrimSpace(e.Body))
}

// index is the entries, parsed on first use rather than when the program
// starts: most runs never ask for help.
var index = sync.OnceValues(func() ([]*Entry, map[string]*Entry) { return parse(luaAPI, stdlibDoc) })

// Entries returns every entry, in the order of the files.
func Entries() []*Entry {
	entries, _ := index()
	return entries
}

func parse(files ...string) ([]*Entry, map[string]*Entry) {
	var list []*Entry
	names := map[string]*Entry{}
	for _, f := range files {
		var cur *Entry
		inCode := false
		for _, line := range strings.SplitAfter(f, "\n") {
			if strings.HasPrefix(line, "```") {
				inCode = !inCode
			}
			if !inCode && strings.HasPrefix(line, "#") {
				cur = nil
				if title, ok := strings.CutPrefix(line, "### "); ok {
					title = strings.TrimSpace(title)
					cur = &Entry{Title: title, Names: headingNames(title)}
					list = append(list, cur)
					for _, n := range cur.Names {
						names[n] = cur
					}
				}
				continue
			}
			if cur != nil {
				cur.Body += line
			}
		}
	}
	return list, names
}

// headingNames are the names a heading documents: each " / " part without
// its arguments.
func headingNames(title string) []string {
	var names []string
	for _, part := range strings.Split(title, " / ") {
		part = strings.Trim(part, "` ")
		if i := strings.IndexAny(part, "({ "); i >= 0 {
			part = part[:i]
		}
		names = append(names, part)
	}
	return names
}

// Lookup finds the entry of name: a key ("psutil.cpu_percent",
// "Process:memory_info", "json"), a name without "psutil."
// ("cpu_percent", "CONN_*"), a method written "Process.name", "p:name" or
// "psutil.Process.name", a constant of a group ("CONN_LISTEN"), or a bare
// function or field name found in one entry only ("encode"). More than one
// match gives the first (psutil's own before the others) and the rest.
func Lookup(name string) (e *Entry, others []*Entry) {
	entries, byName := index()
	name = strings.TrimSpace(name)
	for _, n := range candidates(name) {
		if e := byName[n]; e != nil {
			return e, nil
		}
	}
	for _, n := range candidates(name) {
		for _, e := range entries {
			for _, key := range e.Names {
				if strings.Contains(key, "*") {
					if ok, _ := path.Match(key, n); ok {
						return e, nil
					}
				}
			}
		}
	}
	var found []*Entry
	for _, e := range entries {
		for _, key := range e.Names {
			if shortName(key) == name {
				found = append(found, e)
				break
			}
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	return found[0], found[1:]
}

// candidates are the keys name may stand for.
func candidates(name string) []string {
	c := []string{name, "psutil." + name}
	for _, prefix := range []string{"psutil.Process:", "psutil.Process.", "Process.", "p:", "p.", "proc:", "process:"} {
		if method, ok := strings.CutPrefix(name, prefix); ok {
			c = append(c, "Process:"+method)
		}
	}
	if method, ok := strings.CutPrefix(name, "Popen:"); ok {
		c = append(c, "Process:"+method)
	}
	return c
}

// shortName is a key's last component: "cpu_percent" of
// "Process:cpu_percent".
func shortName(key string) string {
	if i := strings.LastIndexAny(key, ".:"); i >= 0 {
		return key[i+1:]
	}
	return key
}

// Suggest returns up to five documented names close to name, for an
// unknown one: same short name in another spelling, a prefix, or a few
// letters apart.
func Suggest(name string) []string {
	if len(name) > 64 {
		return nil // longer than any name: and the cost grows with it
	}
	short := strings.ToLower(shortName(name))
	type scored struct {
		name  string
		score int
	}
	var found []scored
	seen := map[string]bool{}
	for _, e := range Entries() {
		for _, key := range e.Names {
			if seen[key] {
				continue
			}
			seen[key] = true
			s := strings.ToLower(shortName(key))
			d := suggest.EditCost(short, s) / 2 // in changes of one letter
			switch {
			case len(short) >= 3 && strings.Contains(s, short):
				d = 1
			case d > max(1, len(short)/3):
				continue
			}
			found = append(found, scored{key, d})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score < found[j].score })
	var names []string
	for i := 0; i < len(found) && i < 5; i++ {
		names = append(names, found[i].name)
	}
	return names
}

var (
	linkRe   = regexp.MustCompile(`\[([^\]]+)\]\(([^)]+)\)`)
	strongRe = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

// Plain turns markdown into terminal text: code blocks indented by four
// spaces without their fences, no backticks or bold markers, links as
// their text (and the address when it is a web one).
func Plain(md string) string {
	var b strings.Builder
	inCode := false
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "```") {
			inCode = !inCode
			continue
		}
		if inCode {
			b.WriteString("    " + line + "\n")
			continue
		}
		line = linkRe.ReplaceAllStringFunc(line, func(s string) string {
			m := linkRe.FindStringSubmatch(s)
			if strings.HasPrefix(m[2], "http") {
				return m[1] + " (" + m[2] + ")"
			}
			return m[1]
		})
		line = strongRe.ReplaceAllString(line, "$1")
		line = strings.ReplaceAll(line, "`", "")
		b.WriteString(line + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// CodeBlock is a fenced block of Lua code in a markdown file.
type CodeBlock struct {
	File   string
	Line   int    // of the opening fence
	Code   string // without the fences
	NotRun string // the reason given by a "```lua -- not run: reason" fence
}

// LuaBlocks returns the ```lua blocks of md.
func LuaBlocks(file, md string) []CodeBlock {
	var blocks []CodeBlock
	var cur *CodeBlock
	inCode := false
	for i, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "```") {
			if cur != nil {
				cur.Code += line + "\n"
			}
			continue
		}
		if inCode {
			if cur != nil {
				blocks = append(blocks, *cur)
			}
			cur, inCode = nil, false
			continue
		}
		inCode = true
		info := strings.TrimPrefix(line, "```")
		if lang, rest, _ := strings.Cut(info, " "); lang == "lua" {
			cur = &CodeBlock{File: file, Line: i + 1}
			if reason, ok := strings.CutPrefix(strings.TrimSpace(rest), "-- not run:"); ok {
				cur.NotRun = strings.TrimSpace(reason)
			}
		}
	}
	return blocks
}
