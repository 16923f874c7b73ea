package specupdate

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFetchFile(t *testing.T) {
	path := fixtureDir + "/published.json"
	got, err := Fetch(context.Background(), nil, path)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !bytes.Equal(got, readFile(t, path)) {
		t.Error("Fetch changed the file content")
	}
}

func TestFetchURL(t *testing.T) {
	spec := readFile(t, fixtureDir+"/base.yaml")
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("method = %s, want GET", r.Method)
		}
		if r.URL.Query().Get("alt") != "media" {
			t.Errorf("query = %q, want alt=media", r.URL.RawQuery)
		}
		w.Write(spec)
	}))
	defer server.Close()

	got, err := Fetch(context.Background(), server.Client(), server.URL+"/spec.yaml?alt=media")
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if !bytes.Equal(got, spec) {
		t.Error("Fetch changed the downloaded content")
	}
}

func TestFetchErrors(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/large" {
			w.Write(bytes.Repeat([]byte("#"), maxSpecSize+1))
			return
		}
		http.NotFound(w, r)
	}))
	defer server.Close()

	large := filepath.Join(t.TempDir(), "large.yaml")
	if err := os.WriteFile(large, bytes.Repeat([]byte("#"), maxSpecSize+1), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name     string
		location string
		want     string
	}{
		{"empty location", "", "missing spec location"},
		{"missing file", filepath.Join(t.TempDir(), "none.yaml"), "no such file"},
		{"large file", large, "larger than"},
		{"not found", server.URL + "/missing", "404"},
		{"large download", server.URL + "/large", "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Fetch(context.Background(), server.Client(), tc.location)
			if err == nil {
				t.Fatal("Fetch returned no error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}
