package specupdate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleSection = "### Spec changes (info.version 1.0 to 1.1)\n\n- change\n"

func TestInsertSection(t *testing.T) {
	for _, tc := range []struct {
		name      string
		changelog string
		want      string
	}{
		{
			name:      "under unreleased",
			changelog: "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- x\n\n## [0.1.0]\n",
			want: "# Changelog\n\n## [Unreleased]\n\n" + sampleSection +
				"\n### Added\n\n- x\n\n## [0.1.0]\n",
		},
		{
			name:      "empty unreleased",
			changelog: "# Changelog\n\n## Unreleased\n\n## [0.1.0]\n",
			want:      "# Changelog\n\n## Unreleased\n\n" + sampleSection + "\n## [0.1.0]\n",
		},
		{
			name:      "no unreleased heading",
			changelog: "# Changelog\n\nIntro.\n\n## [0.1.0]\n\n- y\n",
			want: "# Changelog\n\nIntro.\n\n## [Unreleased]\n\n" + sampleSection +
				"\n## [0.1.0]\n\n- y\n",
		},
		{
			name:      "no release heading",
			changelog: "# Changelog\n",
			want:      "# Changelog\n\n## [Unreleased]\n\n" + sampleSection,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := insertSection(tc.changelog, sampleSection); got != tc.want {
				t.Errorf("insertSection =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestAddToChangelogCreatesFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "CHANGELOG.md")
	if err := AddToChangelog(path, sampleSection); err != nil {
		t.Fatalf("AddToChangelog: %v", err)
	}
	want := "# Changelog\n\n## [Unreleased]\n\n" + sampleSection
	if got := string(readFile(t, path)); got != want {
		t.Errorf("changelog =\n%s\nwant\n%s", got, want)
	}
}

func TestAddToChangelogKeepsProjectChangelogValid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "CHANGELOG.md")
	original := readFile(t, moduleRoot+"/CHANGELOG.md")
	if err := os.WriteFile(path, original, 0o600); err != nil {
		t.Fatal(err)
	}

	if err := AddToChangelog(path, sampleSection); err != nil {
		t.Fatalf("AddToChangelog: %v", err)
	}
	updated := string(readFile(t, path))
	unreleased := strings.Index(strings.ToLower(updated), "## [unreleased]")
	section := strings.Index(updated, sampleSection)
	if unreleased < 0 || section < unreleased {
		t.Errorf("section is not under the Unreleased heading:\n%s", updated)
	}
}

func TestChangelogSection(t *testing.T) {
	comparison := Comparison{
		BaseVersion:     "1.0",
		RevisionVersion: "1.1",
		Changes: []Change{
			{ID: "response-property-type-changed", Level: "error", Breaking: true,
				Operation: "POST /api/oauth/token", Text: "`expires_in` changed"},
			{ID: "api-version-changed", Level: "info", Text: "version changed"},
		},
	}
	goChanges := []GoAPIChange{{Name: "TokenResponse.ExpiresIn", Old: "int", New: "string"}}

	want := "### Spec changes (info.version 1.0 to 1.1)\n\n" +
		"- **Breaking:** POST /api/oauth/token: `expires_in` changed " +
		"(`response-property-type-changed`)\n" +
		"- version changed (`api-version-changed`)\n" +
		"- **Breaking:** Generated Go API: changed TokenResponse.ExpiresIn from int to string\n"
	if got := ChangelogSection(comparison, goChanges); got != want {
		t.Errorf("ChangelogSection =\n%s\nwant\n%s", got, want)
	}
}

func TestChangelogSectionWithoutChanges(t *testing.T) {
	got := ChangelogSection(Comparison{BaseVersion: "1.0", RevisionVersion: "1.0"}, nil)
	if !strings.Contains(got, "in form only") {
		t.Errorf("section does not say the change is in form only:\n%s", got)
	}
}
