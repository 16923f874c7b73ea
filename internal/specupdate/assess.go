package specupdate

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/uqudo-auth-go/uqudo-auth-go/openapi"
)

// assess validates the new document with and without the overlay, compares
// it with the base document, and compares the Go code generated from both.
func assess(root string, base, revision []byte, extension string) (Result, error) {
	if _, err := openapi.Parse(revision); err != nil {
		return Result{}, fmt.Errorf("specupdate: new spec: %w", err)
	}
	overlay, err := os.ReadFile(filepath.Join(root, "openapi", openapi.OverlayFile))
	if err != nil {
		return Result{}, fmt.Errorf("specupdate: read overlay: %w", err)
	}
	if _, err := openapi.ParseWithOverlay(revision, overlay); err != nil {
		return Result{}, fmt.Errorf("specupdate: new spec with the overlay: %w", err)
	}

	comparison, err := Compare(base, revision)
	if err != nil {
		return Result{}, err
	}

	goChanges, err := compareGenerated(root, base, revision, extension)
	if err != nil {
		return Result{}, err
	}
	return Result{Comparison: comparison, GoAPIChanges: goChanges}, nil
}

// compareGenerated generates Go code from both documents in memory and
// compares their exported identifiers.
func compareGenerated(root string, base, revision []byte, extension string) ([]GoAPIChange, error) {
	dir, err := os.MkdirTemp("", "specupdate-")
	if err != nil {
		return nil, fmt.Errorf("specupdate: create temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)

	var apis [2]GoAPI
	for i, doc := range [][]byte{base, revision} {
		path := filepath.Join(dir, fmt.Sprintf("spec%d%s", i, extension))
		if err := os.WriteFile(path, doc, 0o600); err != nil {
			return nil, fmt.Errorf("specupdate: write temporary spec: %w", err)
		}
		code, err := Generate(root, path)
		if err != nil {
			return nil, err
		}
		if apis[i], err = ParseGoAPI(code); err != nil {
			return nil, err
		}
	}
	return CompareGoAPI(apis[0], apis[1]), nil
}

// specExtension returns ".json" for a JSON document name and ".yaml"
// otherwise. The generator reads both the same way, so the extension only
// keeps its error messages recognisable.
func specExtension(location string) string {
	if filepath.Ext(location) == ".json" {
		return ".json"
	}
	return ".yaml"
}
