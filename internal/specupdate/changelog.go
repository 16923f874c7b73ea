package specupdate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"strings"
)

// ChangelogSection renders a "Spec changes" section for CHANGELOG.md from
// the oasdiff changes and the changes to the generated Go package.
func ChangelogSection(comparison Comparison, goChanges []GoAPIChange) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Spec changes (info.version %s to %s)\n\n",
		orUnknown(comparison.BaseVersion), orUnknown(comparison.RevisionVersion))

	if len(comparison.Changes) == 0 && len(goChanges) == 0 {
		b.WriteString("- The document changed in form only, with no API changes.\n")
		return b.String()
	}

	for _, change := range comparison.Breaking() {
		fmt.Fprintf(&b, "- **Breaking:** %s\n", changeLine(change))
	}
	for _, change := range comparison.Safe() {
		fmt.Fprintf(&b, "- %s\n", changeLine(change))
	}
	for _, change := range goChanges {
		prefix := ""
		if change.Breaking() {
			prefix = "**Breaking:** "
		}
		fmt.Fprintf(&b, "- %sGenerated Go API: %s\n", prefix, change)
	}
	return b.String()
}

func changeLine(change Change) string {
	line := change.Text + " (`" + change.ID + "`)"
	if change.Operation != "" {
		line = change.Operation + ": " + line
	}
	return line
}

func orUnknown(version string) string {
	if version == "" {
		return "unknown"
	}
	return version
}

// unreleasedHeading matches the Keep a Changelog heading for changes not yet
// released, with or without brackets.
var unreleasedHeading = regexp.MustCompile(`(?i)^## \[?unreleased\]?\s*$`)

// AddToChangelog inserts section at the top of the Unreleased part of the
// Markdown changelog at path. It adds an "## [Unreleased]" heading above the
// first release heading when there is none, and creates the file when it
// does not exist.
func AddToChangelog(path, section string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data = []byte("# Changelog\n")
	} else if err != nil {
		return fmt.Errorf("specupdate: read changelog: %w", err)
	}

	updated := insertSection(string(data), section)
	if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
		return fmt.Errorf("specupdate: write changelog: %w", err)
	}
	return nil
}

// insertSection returns changelog with section added, keeping one blank line
// between blocks.
func insertSection(changelog, section string) string {
	lines := strings.Split(strings.TrimRight(changelog, "\n"), "\n")
	sectionLines := strings.Split(strings.TrimRight(section, "\n"), "\n")

	var before, after []string
	if i := slices.IndexFunc(lines, unreleasedHeading.MatchString); i >= 0 {
		before, after = lines[:i+1], lines[i+1:]
	} else {
		i := slices.IndexFunc(lines, func(line string) bool {
			return strings.HasPrefix(line, "## ")
		})
		if i < 0 {
			i = len(lines)
		}
		before = slices.Clone(trimBlank(lines[:i]))
		if len(before) > 0 {
			before = append(before, "")
		}
		before = append(before, "## [Unreleased]")
		after = lines[i:]
	}

	out := append(slices.Clone(before), "")
	out = append(out, sectionLines...)
	if after = trimBlank(after); len(after) > 0 {
		out = append(out, "")
		out = append(out, after...)
	}
	return strings.Join(out, "\n") + "\n"
}

// trimBlank returns lines without blank lines at either end.
func trimBlank(lines []string) []string {
	blank := func(line string) bool { return strings.TrimSpace(line) == "" }
	for len(lines) > 0 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return lines
}
