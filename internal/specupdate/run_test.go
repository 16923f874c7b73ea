package specupdate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copySizeLimit leaves large files, such as a built binary in the working
// tree, out of module copies. No source file comes close.
const copySizeLimit = 1 << 20

// endToEndChecks are DefaultChecks with the tests limited to package
// openapi, which validates the new document with and without the overlay.
//
// NOTE: the full test suite is left out because it would start this
// package's tests again in every copy, and because the wrapper's tests may
// pin details of the vendored document. make update-spec runs all tests.
var endToEndChecks = []Check{
	{"go", "generate", "./..."},
	{"go", "build", "./..."},
	{"go", "test", "./openapi/..."},
}

// skipEndToEnd skips tests that copy the module and run the go command.
func skipEndToEnd(t *testing.T) {
	t.Helper()
	if os.Getenv(ChecksEnv) != "" {
		t.Skip("started by a spec update check, which must not start another")
	}
	if testing.Short() {
		t.Skip("copies the module and runs go build")
	}
}

func TestRunFixtures(t *testing.T) {
	skipEndToEnd(t)
	for _, fixture := range specFixtures {
		t.Run(fixture.file, func(t *testing.T) {
			root := copyModule(t)
			before := digestTree(t, root)

			var output bytes.Buffer
			result, err := Run(context.Background(), Options{
				Root:   root,
				Spec:   absolute(t, fixture.path()),
				Checks: endToEndChecks,
				Output: &output,
			})
			if err != nil {
				t.Fatalf("Run: %v\n%s", err, output.String())
			}
			if result.Outcome != fixture.outcome {
				t.Fatalf("outcome = %v, want %v\n%s", result.Outcome, fixture.outcome, output.String())
			}

			switch fixture.outcome {
			case Rejected:
				assertTreeUnchanged(t, root, before)
				assertContains(t, output.String(), "Result: rejected")
				for _, id := range fixture.breaking {
					assertContains(t, output.String(), id)
				}
			case Updated:
				spec := readFile(t, filepath.Join(root, SpecPath))
				if !bytes.Equal(spec, readFile(t, fixture.path())) {
					t.Error("the vendored spec is not the fixture, byte for byte")
				}
				assertContains(t, output.String(), "Result: updated")
				assertContains(t, output.String(), "### Spec changes")
			}
		})
	}
}

func TestRunAcceptBreaking(t *testing.T) {
	skipEndToEnd(t)
	root := copyModule(t)
	fixture := absolute(t, fixtureDir+"/expires-in-string.yaml")

	result, err := Run(context.Background(), Options{
		Root:           root,
		Spec:           fixture,
		AcceptBreaking: true,
		Checks:         []Check{{"go", "generate", "./..."}},
		Changelog:      filepath.Join(root, "CHANGELOG.md"),
		Output:         io.Discard,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if result.Outcome != Updated {
		t.Fatalf("outcome = %v, want updated", result.Outcome)
	}

	generated := string(readFile(t, filepath.Join(root, "uqudoauth/authapi/authapi.gen.go")))
	assertContains(t, generated, "ExpiresIn string")
	changelog := string(readFile(t, filepath.Join(root, "CHANGELOG.md")))
	assertContains(t, changelog, "**Breaking:** POST /api/oauth/token: the `expires_in`")
}

func TestRunRestoresTreeAfterFailedCheck(t *testing.T) {
	skipEndToEnd(t)
	root := copyModule(t)
	before := digestTree(t, root)

	var output bytes.Buffer
	result, err := Run(context.Background(), Options{
		Root: root,
		Spec: absolute(t, fixtureDir+"/optional-response-field.yaml"),
		Checks: []Check{
			{"go", "generate", "./..."},
			{"go", "build", "./no/such/package"},
		},
		Output: &output,
	})
	if err == nil {
		t.Fatalf("Run returned no error\n%s", output.String())
	}
	if result.Outcome != Failed {
		t.Errorf("outcome = %v, want failed", result.Outcome)
	}

	want := []string{SpecPath, "uqudoauth/authapi/authapi.gen.go"}
	if !slices.Equal(result.Restored, want) {
		t.Errorf("restored = %v, want %v", result.Restored, want)
	}
	assertTreeUnchanged(t, root, before)
	assertContains(t, output.String(), "go build ./no/such/package")
	assertContains(t, output.String(), "FAILED")
}

func TestRunUpToDate(t *testing.T) {
	skipEndToEnd(t)
	root := copyModule(t)

	result, err := Run(context.Background(), Options{
		Root:   root,
		Spec:   filepath.Join(root, SpecPath),
		Checks: []Check{{"false-command-that-must-not-run"}},
		Output: io.Discard,
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if result.Outcome != UpToDate {
		t.Errorf("outcome = %v, want up to date", result.Outcome)
	}
}

func TestRunRejectsInvalidSpec(t *testing.T) {
	root := copyModule(t)
	before := digestTree(t, root)
	invalid := filepath.Join(t.TempDir(), "invalid.yaml")
	if err := os.WriteFile(invalid, []byte("openapi: 3.0.3\ninfo: {}\npaths: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	result, err := Run(context.Background(), Options{Root: root, Spec: invalid, Output: io.Discard})
	if err == nil {
		t.Fatal("Run accepted a document without info.title and info.version")
	}
	if result.Outcome != Failed {
		t.Errorf("outcome = %v, want failed", result.Outcome)
	}
	assertTreeUnchanged(t, root, before)
}

// copyModule copies the module, without .git, tool folders and files over
// copySizeLimit, to a temporary directory and returns it.
func copyModule(t *testing.T) string {
	t.Helper()
	source := absolute(t, moduleRoot)
	target := t.TempDir()
	err := filepath.WalkDir(source, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(source, path)
		if err != nil {
			return err
		}
		if entry.IsDir() {
			if name := entry.Name(); name == ".git" || name == ".tools" || name == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(target, rel), 0o755)
		}
		info, err := entry.Info()
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() || info.Size() > copySizeLimit {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(target, rel), data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatalf("copy module: %v", err)
	}
	return target
}

// digestTree returns the SHA-256 of every file under root, by path.
func digestTree(t *testing.T, root string) map[string][sha256.Size]byte {
	t.Helper()
	digests := map[string][sha256.Size]byte{}
	err := filepath.WalkDir(root, func(path string, entry fs.DirEntry, err error) error {
		if err != nil || entry.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		digests[path] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatalf("digest tree: %v", err)
	}
	return digests
}

func assertTreeUnchanged(t *testing.T, root string, before map[string][sha256.Size]byte) {
	t.Helper()
	after := digestTree(t, root)
	if maps.Equal(before, after) {
		return
	}
	for path, digest := range after {
		if before[path] != digest {
			t.Errorf("changed or added: %s", path)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			t.Errorf("removed: %s", path)
		}
	}
}

func assertContains(t *testing.T, text, want string) {
	t.Helper()
	if !strings.Contains(text, want) {
		t.Errorf("output does not contain %q:\n%s", want, text)
	}
}

func absolute(t *testing.T, path string) string {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
