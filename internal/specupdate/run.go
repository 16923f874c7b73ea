// Package specupdate replaces the vendored Uqudo Authorization API document
// with a newly published version. It reports the breaking changes between
// the two with oasdiff, and applies the new document only when there are
// none or the caller accepts them. Applying means regenerating the client,
// building and testing the module, and putting the old files back when any
// of that fails.
package specupdate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Outcome is the final state of an update.
type Outcome int

const (
	// UpToDate means the new document is byte for byte the vendored one.
	UpToDate Outcome = iota
	// Updated means the new document was written, and the checks passed.
	Updated
	// Rejected means the new document has breaking changes that the caller
	// did not accept. The tree is unchanged.
	Rejected
	// Failed means the new document could not be read, is invalid, or
	// failed a check. The tree is unchanged, or restored.
	Failed
)

func (o Outcome) String() string {
	switch o {
	case UpToDate:
		return "up to date"
	case Updated:
		return "updated"
	case Rejected:
		return "rejected"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// ChecksEnv is set to 1 in the environment of the checks that Run starts.
// Tests that run Run themselves skip when it is set, so the checks do not
// start them again recursively.
const ChecksEnv = "SPECUPDATE_CHECKS"

// Check is a command that must succeed after the new document is written,
// run in the module root.
type Check []string

func (c Check) String() string { return strings.Join(c, " ") }

// DefaultChecks regenerate the client, then build and test every package.
var DefaultChecks = []Check{
	{"go", "generate", "./..."},
	{"go", "build", "./..."},
	{"go", "test", "./..."},
}

// Options configures [Run].
type Options struct {
	// Root is the module root. Empty means the current directory.
	Root string
	// Spec is the URL or file path of the new document, YAML or JSON.
	Spec string
	// AcceptBreaking applies a new document that has breaking changes.
	AcceptBreaking bool
	// Changelog is a Markdown changelog that receives the "Spec changes"
	// section after a successful update. Empty means the section is only
	// printed.
	Changelog string
	// HTTPClient downloads Spec when it is a URL. Nil means
	// [http.DefaultClient].
	HTTPClient *http.Client
	// Checks run after the new document is written. Nil means
	// [DefaultChecks].
	Checks []Check
	// Output receives the report and the output of failed checks. Nil
	// means [os.Stdout].
	Output io.Writer
}

// Result describes a finished update.
type Result struct {
	Outcome    Outcome
	Comparison Comparison
	// GoAPIChanges are the changes to the exported identifiers of the
	// generated package.
	GoAPIChanges []GoAPIChange
	// Restored lists the files, relative to the root, that were put back
	// or removed after a failed check.
	Restored []string
}

// Breaking reports whether the update has breaking changes, in the spec or
// in the generated Go API.
func (r Result) Breaking() bool { return r.breakingCount() > 0 }

func (r Result) breakingCount() int {
	count := len(r.Comparison.Breaking())
	for _, change := range r.GoAPIChanges {
		if change.Breaking() {
			count++
		}
	}
	return count
}

// Run compares the document at opts.Spec with the vendored one, prints a
// report, and applies the new document unless it is rejected. It returns an
// error, with Outcome Failed, when the new document cannot be read, is not
// valid, or fails a check.
func Run(ctx context.Context, opts Options) (Result, error) {
	opts = opts.withDefaults()
	report := &reporter{out: opts.Output}
	report.start(opts.Spec)

	revision, err := Fetch(ctx, opts.HTTPClient, opts.Spec)
	if err != nil {
		return report.failed(Result{Outcome: Failed}, err, nil)
	}
	base, err := os.ReadFile(filepath.Join(opts.Root, SpecPath))
	if err != nil {
		return report.failed(Result{Outcome: Failed}, fmt.Errorf("specupdate: read vendored spec: %w", err), nil)
	}
	if bytes.Equal(base, revision) {
		report.upToDate()
		return Result{Outcome: UpToDate}, nil
	}

	result, err := assess(opts.Root, base, revision, specExtension(opts.Spec))
	if err != nil {
		return report.failed(Result{Outcome: Failed}, err, nil)
	}
	report.changes(result)

	if result.Breaking() && !opts.AcceptBreaking {
		result.Outcome = Rejected
		report.rejected(result)
		return result, nil
	}
	return apply(ctx, opts, report, revision, result)
}

func (opts Options) withDefaults() Options {
	if opts.Root == "" {
		opts.Root = "."
	}
	if opts.Checks == nil {
		opts.Checks = DefaultChecks
	}
	if opts.Output == nil {
		opts.Output = os.Stdout
	}
	return opts
}

// apply writes the new document and runs the checks. When a check fails, it
// restores the vendored spec and the generated files.
func apply(ctx context.Context, opts Options, report *reporter, revision []byte, result Result) (Result, error) {
	saved, err := takeSnapshot(opts.Root)
	if err != nil {
		return report.failed(Result{Outcome: Failed}, fmt.Errorf("specupdate: record files before the update: %w", err), nil)
	}

	if err := os.WriteFile(filepath.Join(opts.Root, SpecPath), revision, 0o644); err != nil {
		err = fmt.Errorf("specupdate: write spec: %w", err)
		return rollBack(report, saved, result, err)
	}
	report.wroteSpec()

	started := time.Now()
	for _, check := range opts.Checks {
		began := time.Now()
		output, err := runCheck(ctx, opts.Root, check)
		report.check(check, time.Since(began), output, err)
		if err != nil {
			return rollBack(report, saved, result, err)
		}
	}

	result.Outcome = Updated
	section := ChangelogSection(result.Comparison, result.GoAPIChanges)
	if opts.Changelog != "" {
		if err := AddToChangelog(opts.Changelog, section); err != nil {
			report.changelogFailed(err)
		}
	}
	report.updated(result, time.Since(started), section, opts.Changelog)
	return result, nil
}

func rollBack(report *reporter, saved *snapshot, result Result, cause error) (Result, error) {
	result.Outcome = Failed
	restored, err := saved.restore()
	result.Restored = restored
	report.restored(restored)
	if err != nil {
		err = fmt.Errorf("specupdate: restore files: %w", err)
	}
	return report.failed(result, cause, err)
}

// runCheck runs one check in root and returns its combined output.
func runCheck(ctx context.Context, root string, check Check) ([]byte, error) {
	if len(check) == 0 {
		return nil, errors.New("specupdate: empty check command")
	}
	cmd := exec.CommandContext(ctx, check[0], check[1:]...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), ChecksEnv+"=1")

	output, err := cmd.CombinedOutput()
	if err != nil {
		return output, fmt.Errorf("specupdate: %s failed: %w", check, err)
	}
	return output, nil
}
