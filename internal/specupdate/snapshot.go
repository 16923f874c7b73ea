package specupdate

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// generatedMarker matches the line that marks a generated Go file, as
// documented by go help generate.
var generatedMarker = regexp.MustCompile(`^// Code generated .* DO NOT EDIT\.$`)

// snapshot holds the content of the files that an update may change: the
// vendored spec and every generated Go file under the module root.
// Handwritten files are never recorded, so restoring a snapshot cannot undo
// anyone's edits to them.
type snapshot struct {
	root  string
	files map[string][]byte // by path relative to root
}

func takeSnapshot(root string) (*snapshot, error) {
	files, err := generatedFiles(root)
	if err != nil {
		return nil, err
	}
	files = append(files, SpecPath)

	s := &snapshot{root: root, files: map[string][]byte{}}
	for _, name := range files {
		data, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			return nil, err
		}
		s.files[name] = data
	}
	return s, nil
}

// restore writes back every recorded file whose content changed and removes
// generated Go files that appeared since the snapshot. It returns the paths
// it touched, relative to the root.
func (s *snapshot) restore() ([]string, error) {
	var touched []string
	var errs []error
	for name, data := range s.files {
		path := filepath.Join(s.root, name)
		current, err := os.ReadFile(path)
		if err == nil && bytes.Equal(current, data) {
			continue
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			errs = append(errs, err)
			continue
		}
		touched = append(touched, name)
	}

	generated, err := generatedFiles(s.root)
	if err != nil {
		errs = append(errs, err)
	}
	for _, name := range generated {
		if _, ok := s.files[name]; ok {
			continue
		}
		if err := os.Remove(filepath.Join(s.root, name)); err != nil {
			errs = append(errs, err)
			continue
		}
		touched = append(touched, name)
	}

	slices.Sort(touched)
	return touched, errors.Join(errs...)
}

// generatedFiles returns the generated Go files under root, relative to it.
// It skips the directories that the go command ignores (testdata and names
// starting with "." or "_") and node_modules.
func generatedFiles(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, entry fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.IsDir() {
			if path != root && skipDir(entry.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !entry.Type().IsRegular() || !strings.HasSuffix(path, ".go") {
			return nil
		}

		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if isGenerated(data) {
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			files = append(files, rel)
		}
		return nil
	})
	return files, err
}

func skipDir(name string) bool {
	return name == "testdata" || name == "node_modules" ||
		strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// isGenerated reports whether the generated-code marker is before the
// package clause, where go help generate requires it.
func isGenerated(source []byte) bool {
	for line := range bytes.Lines(source) {
		line = bytes.TrimRight(line, "\r\n")
		if bytes.HasPrefix(line, []byte("package ")) {
			return false
		}
		if generatedMarker.Match(line) {
			return true
		}
	}
	return false
}
