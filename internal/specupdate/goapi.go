package specupdate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"slices"
	"strings"
)

// GoAPI maps each exported identifier of a Go file to its declaration, so
// that two versions of generated code can be compared. Keys are top-level
// names ("TokenResponse"), and "Type.Member" for struct fields, interface
// methods and methods ("TokenResponse.ExpiresIn").
type GoAPI map[string]string

// ParseGoAPI returns the exported identifiers that source declares.
func ParseGoAPI(source string) (GoAPI, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "generated.go", source, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("specupdate: parse generated code: %w", err)
	}

	api := GoAPI{}
	for _, decl := range file.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			api.addFunc(fset, decl)
		case *ast.GenDecl:
			api.addGenDecl(fset, decl)
		}
	}
	return api, nil
}

func (api GoAPI) addFunc(fset *token.FileSet, decl *ast.FuncDecl) {
	if !decl.Name.IsExported() {
		return
	}
	name := decl.Name.Name
	if decl.Recv != nil && len(decl.Recv.List) == 1 {
		name = receiverName(decl.Recv.List[0].Type) + "." + name
	}
	api[name] = render(fset, decl.Type)
}

func (api GoAPI) addGenDecl(fset *token.FileSet, decl *ast.GenDecl) {
	for _, spec := range decl.Specs {
		switch spec := spec.(type) {
		case *ast.TypeSpec:
			api.addType(fset, spec)
		case *ast.ValueSpec:
			api.addValues(fset, decl.Tok, spec)
		}
	}
}

func (api GoAPI) addValues(fset *token.FileSet, tok token.Token, spec *ast.ValueSpec) {
	for i, name := range spec.Names {
		if !name.IsExported() {
			continue
		}
		declaration := tok.String() + " " + render(fset, spec.Type)
		if i < len(spec.Values) {
			declaration += " = " + render(fset, spec.Values[i])
		}
		api[name.Name] = declaration
	}
}

// addType records a type and, for a struct or an interface, its exported
// members. A struct or interface is recorded by kind alone, because its
// members are recorded apart.
func (api GoAPI) addType(fset *token.FileSet, spec *ast.TypeSpec) {
	if !spec.Name.IsExported() {
		return
	}
	name := spec.Name.Name
	alias := ""
	if spec.Assign.IsValid() {
		alias = "= "
	}

	switch typ := spec.Type.(type) {
	case *ast.StructType:
		api[name] = "type struct"
		api.addFields(fset, name, typ.Fields)
	case *ast.InterfaceType:
		api[name] = "type interface"
		api.addFields(fset, name, typ.Methods)
	default:
		api[name] = "type " + alias + render(fset, spec.Type)
	}
}

func (api GoAPI) addFields(fset *token.FileSet, owner string, fields *ast.FieldList) {
	for _, field := range fields.List {
		declaration := render(fset, field.Type)
		if field.Tag != nil {
			declaration += " " + field.Tag.Value
		}
		for _, name := range field.Names {
			if name.IsExported() {
				api[owner+"."+name.Name] = declaration
			}
		}
	}
}

func receiverName(expr ast.Expr) string {
	if star, ok := expr.(*ast.StarExpr); ok {
		expr = star.X
	}
	if ident, ok := expr.(*ast.Ident); ok {
		return ident.Name
	}
	return "?"
}

func render(fset *token.FileSet, node ast.Node) string {
	if node == nil {
		return ""
	}
	var buf bytes.Buffer
	if err := printer.Fprint(&buf, fset, node); err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(buf.String()), " ")
}

// GoAPIChange is one exported identifier that differs between two versions
// of generated code.
type GoAPIChange struct {
	Name string
	// Old and New are the declarations, and Old or New is empty when the
	// identifier was added or removed.
	Old, New string
}

// Breaking reports whether code that uses the old identifier may stop
// compiling or decoding: the identifier was removed or its declaration,
// including a struct tag, changed.
func (c GoAPIChange) Breaking() bool { return c.Old != "" }

func (c GoAPIChange) String() string {
	switch {
	case c.Old == "":
		return fmt.Sprintf("added %s (%s)", c.Name, c.New)
	case c.New == "":
		return fmt.Sprintf("removed %s (%s)", c.Name, c.Old)
	default:
		return fmt.Sprintf("changed %s from %s to %s", c.Name, c.Old, c.New)
	}
}

// CompareGoAPI returns the identifiers that were added, removed or changed
// from old to new, sorted by name.
func CompareGoAPI(old, new GoAPI) []GoAPIChange {
	var changes []GoAPIChange
	for name, before := range old {
		if after := new[name]; after != before {
			changes = append(changes, GoAPIChange{Name: name, Old: before, New: after})
		}
	}
	for name, after := range new {
		if _, ok := old[name]; !ok {
			changes = append(changes, GoAPIChange{Name: name, New: after})
		}
	}
	slices.SortFunc(changes, func(a, b GoAPIChange) int { return strings.Compare(a.Name, b.Name) })
	return changes
}
