package platform

import (
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDocLinks checks that every [Name] and [Recv.Name] doc link in the
// package's comments names a declared identifier: gofmt and vet let a
// misspelt one through, and pkg.go.dev then prints it as plain text.
func TestDocLinks(t *testing.T) {
	var dirs []string
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			dirs = append(dirs, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		docLinksCheckDir(t, dir)
	}
}

func docLinksCheckDir(t *testing.T, dir string) {
	fset := token.NewFileSet()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// Every identifier declared at top level, and methods as Recv.Name.
	syms := map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				name := d.Name.Name
				if d.Recv != nil && len(d.Recv.List) > 0 {
					typ := d.Recv.List[0].Type
					if s, ok := typ.(*ast.StarExpr); ok {
						typ = s.X
					}
					if g, ok := typ.(*ast.IndexExpr); ok {
						typ = g.X
					}
					if id, ok := typ.(*ast.Ident); ok {
						name = id.Name + "." + name
					}
				}
				syms[name] = true
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						syms[s.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range s.Names {
							syms[n.Name] = true
						}
					}
				}
			}
		}
	}
	for _, f := range files {
		for _, cg := range f.Comments {
			var missing []string
			p := comment.Parser{
				LookupSym: func(recv, name string) bool {
					key := name
					if recv != "" {
						key = recv + "." + name
					}
					// One letter is a placeholder, as in "socket:[N]".
					if !syms[key] && len(name) > 1 {
						missing = append(missing, key)
					}
					return syms[key]
				},
			}
			p.Parse(cg.Text())
			for _, m := range missing {
				t.Errorf("%s: doc link [%s] names nothing declared in %s", fset.Position(cg.Pos()), m, dir)
			}
		}
	}
}
