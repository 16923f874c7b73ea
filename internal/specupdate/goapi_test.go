package specupdate

import (
	"maps"
	"slices"
	"testing"
)

const goAPISource = `package sample

const Answer int = 42

type Token struct {
	Value  string ` + "`json:\"value\"`" + `
	hidden int
}

type Doer interface {
	Do() error
}

type Alias = Token

type unexported struct{}

func (t *Token) Valid() bool { return true }

func New(value string) *Token { return nil }

func helper() {}
`

func TestParseGoAPI(t *testing.T) {
	api, err := ParseGoAPI(goAPISource)
	if err != nil {
		t.Fatalf("ParseGoAPI: %v", err)
	}

	want := GoAPI{
		"Answer":      "const int = 42",
		"Token":       "type struct",
		"Token.Value": "string `json:\"value\"`",
		"Doer":        "type interface",
		"Doer.Do":     "func() error",
		"Alias":       "type = Token",
		"Token.Valid": "func() bool",
		"New":         "func(value string) *Token",
	}
	if !maps.Equal(api, want) {
		t.Errorf("ParseGoAPI =\n%v\nwant\n%v", api, want)
	}
}

func TestParseGoAPIRejectsInvalidSource(t *testing.T) {
	if _, err := ParseGoAPI("package"); err == nil {
		t.Fatal("ParseGoAPI accepted invalid Go")
	}
}

func TestCompareGoAPI(t *testing.T) {
	old := GoAPI{"Kept": "type string", "Gone": "type int", "Changed": "int"}
	new := GoAPI{"Kept": "type string", "Changed": "string", "Added": "type bool"}

	changes := CompareGoAPI(old, new)
	names := make([]string, 0, len(changes))
	for _, change := range changes {
		names = append(names, change.String())
	}
	want := []string{
		"added Added (type bool)",
		"changed Changed from int to string",
		"removed Gone (type int)",
	}
	if !slices.Equal(names, want) {
		t.Errorf("CompareGoAPI = %q, want %q", names, want)
	}

	breaking := []bool{changes[0].Breaking(), changes[1].Breaking(), changes[2].Breaking()}
	if !slices.Equal(breaking, []bool{false, true, true}) {
		t.Errorf("Breaking = %v, want [false true true]", breaking)
	}
}
