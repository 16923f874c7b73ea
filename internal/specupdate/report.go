package specupdate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// maxOutputLines is how many of the last lines of a failed check's output
// the report shows.
const maxOutputLines = 60

// reporter prints the human-readable report of [Run].
type reporter struct {
	out io.Writer
}

func (r *reporter) printf(format string, args ...any) {
	fmt.Fprintf(r.out, format, args...)
}

func (r *reporter) start(location string) {
	r.printf("Spec update from %s\n", location)
}

func (r *reporter) upToDate() {
	r.printf("\nResult: up to date. The new document is identical to %s.\n", SpecPath)
}

func (r *reporter) changes(result Result) {
	comparison := result.Comparison
	r.printf("Version: %s -> %s\n",
		orUnknown(comparison.BaseVersion), orUnknown(comparison.RevisionVersion))

	r.changeList("Breaking changes", comparison.Breaking())

	var breakingGo, otherGo []GoAPIChange
	for _, change := range result.GoAPIChanges {
		if change.Breaking() {
			breakingGo = append(breakingGo, change)
		} else {
			otherGo = append(otherGo, change)
		}
	}
	r.goList("Breaking changes to the generated Go API", breakingGo)

	r.changeList("Safe changes", comparison.Safe())
	r.goList("Additions to the generated Go API", otherGo)

	if len(comparison.Changes) == 0 && len(result.GoAPIChanges) == 0 {
		r.printf("\nNo API changes: the document changed in form only.\n")
	}
}

func (r *reporter) changeList(title string, changes []Change) {
	if len(changes) == 0 {
		return
	}
	r.printf("\n%s (%d):\n", title, len(changes))
	for _, change := range changes {
		r.printf("  %-7s %s\n", change.Level, changeLine(change))
	}
}

func (r *reporter) goList(title string, changes []GoAPIChange) {
	if len(changes) == 0 {
		return
	}
	r.printf("\n%s (%d):\n", title, len(changes))
	for _, change := range changes {
		r.printf("  %s\n", change)
	}
}

func (r *reporter) rejected(result Result) {
	count := result.breakingCount()
	noun := "changes"
	if count == 1 {
		noun = "change"
	}
	r.printf("\nResult: rejected, because of %d breaking %s. The tree is unchanged.\n", count, noun)
	r.printf("To apply the new document anyway, run again with -accept-breaking " +
		"(make update-spec ACCEPT_BREAKING=1).\n")
}

func (r *reporter) wroteSpec() {
	r.printf("\nWrote %s.\n", SpecPath)
}

func (r *reporter) check(check Check, elapsed time.Duration, output []byte, err error) {
	status := "ok"
	if err != nil {
		status = "FAILED"
	}
	r.printf("  %-24s %s (%.1fs)\n", check, status, elapsed.Seconds())
	if err != nil {
		r.printf("%s", lastLines(output, maxOutputLines))
	}
}

func (r *reporter) restored(files []string) {
	if len(files) == 0 {
		return
	}
	r.printf("Restored %s.\n", strings.Join(files, ", "))
}

func (r *reporter) changelogFailed(err error) {
	r.printf("Could not add the section to the changelog: %v\n", err)
}

func (r *reporter) updated(result Result, elapsed time.Duration, section, changelog string) {
	r.printf("\nResult: updated to info.version %s. Regenerated, built and tested in %.1fs.\n",
		orUnknown(result.Comparison.RevisionVersion), elapsed.Seconds())
	if changelog != "" {
		r.printf("Added this section to %s:\n\n%s", changelog, section)
		return
	}
	r.printf("Changelog section (run again with -changelog CHANGELOG.md to add it):\n\n%s", section)
}

// failed prints the cause of a failure and returns result with it. The
// tree is unchanged unless restoring it failed, which cause then includes.
func (r *reporter) failed(result Result, cause error, restoreErr error) (Result, error) {
	if restoreErr != nil {
		cause = errors.Join(cause, restoreErr)
	}
	r.printf("\nResult: failed: %v\n", cause)
	if restoreErr == nil {
		r.printf("The tree is unchanged.\n")
	}
	return result, cause
}

// lastLines returns the last n lines of output, indented, after a line that
// counts the earlier lines left out.
func lastLines(output []byte, n int) string {
	lines := bytes.SplitAfter(bytes.TrimRight(output, "\n"), []byte("\n"))
	var b strings.Builder
	if len(lines) > n {
		fmt.Fprintf(&b, "    ... %d earlier lines left out\n", len(lines)-n)
		lines = lines[len(lines)-n:]
	}
	for _, line := range lines {
		b.WriteString("    ")
		b.Write(bytes.TrimRight(line, "\n"))
		b.WriteString("\n")
	}
	return b.String()
}
