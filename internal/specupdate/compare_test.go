package specupdate

import (
	"slices"
	"strings"
	"testing"

	"github.com/uqudo-auth-go/uqudo-auth-go/openapi"
)

func TestFixturesAreValid(t *testing.T) {
	overlay := readFile(t, moduleRoot+"/openapi/"+openapi.OverlayFile)
	for _, fixture := range specFixtures {
		t.Run(fixture.file, func(t *testing.T) {
			spec := readFile(t, fixture.path())
			if _, err := openapi.Parse(spec); err != nil {
				t.Errorf("Parse: %v", err)
			}
			if _, err := openapi.ParseWithOverlay(spec, overlay); err != nil {
				t.Errorf("ParseWithOverlay: %v", err)
			}
		})
	}
}

func TestCompareFixtures(t *testing.T) {
	base := readFile(t, fixtureDir+"/base.yaml")
	for _, fixture := range specFixtures {
		t.Run(fixture.file, func(t *testing.T) {
			comparison, err := Compare(base, readFile(t, fixture.path()))
			if err != nil {
				t.Fatalf("Compare: %v", err)
			}

			breaking := changeIDs(comparison.Breaking())
			if !slices.Equal(breaking, fixture.breaking) {
				t.Errorf("breaking changes = %v, want %v", breaking, fixture.breaking)
			}
			safe := changeIDs(comparison.Safe())
			if !slices.Equal(safe, fixture.safe) {
				t.Errorf("safe changes = %v, want %v", safe, fixture.safe)
			}
		})
	}
}

func TestCompareNamesTheChangedField(t *testing.T) {
	base := readFile(t, fixtureDir+"/base.yaml")
	revision := readFile(t, fixtureDir+"/expires-in-string.yaml")

	comparison, err := Compare(base, revision)
	if err != nil {
		t.Fatalf("Compare: %v", err)
	}
	breaking := comparison.Breaking()
	if len(breaking) != 1 {
		t.Fatalf("got %d breaking changes, want 1: %+v", len(breaking), breaking)
	}

	change := breaking[0]
	if !strings.Contains(change.Text, "`expires_in`") {
		t.Errorf("text %q does not name expires_in", change.Text)
	}
	if change.Operation != "POST /api/oauth/token" {
		t.Errorf("operation = %q, want POST /api/oauth/token", change.Operation)
	}
	if change.Level != "error" {
		t.Errorf("level = %q, want error", change.Level)
	}
	if comparison.BaseVersion != "1.0" || comparison.RevisionVersion != "1.1" {
		t.Errorf("versions = %q to %q, want 1.0 to 1.1",
			comparison.BaseVersion, comparison.RevisionVersion)
	}
}

func TestCompareRejectsInvalidDocument(t *testing.T) {
	base := readFile(t, fixtureDir+"/base.yaml")
	if _, err := Compare(base, []byte("openapi: [")); err == nil {
		t.Fatal("Compare accepted a document that is not YAML")
	}
}

// changeIDs returns the rule ids of changes, sorted.
func changeIDs(changes []Change) []string {
	var ids []string
	for _, change := range changes {
		ids = append(ids, change.ID)
	}
	slices.Sort(ids)
	return ids
}
