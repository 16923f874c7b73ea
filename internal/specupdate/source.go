package specupdate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
)

// maxSpecSize is the largest document Fetch accepts. Uqudo's document is
// about 2 KiB, so anything near this size is not the spec.
const maxSpecSize = 4 << 20

// Fetch returns the document at location, which is an http or https URL or
// a local file path. It returns the bytes unchanged, so the vendored copy
// stays verbatim. A nil client means [http.DefaultClient].
func Fetch(ctx context.Context, client *http.Client, location string) ([]byte, error) {
	if location == "" {
		return nil, errors.New("specupdate: missing spec location: pass a URL or a file path")
	}
	if isURL(location) {
		return download(ctx, client, location)
	}

	file, err := os.Open(location)
	if err != nil {
		return nil, fmt.Errorf("specupdate: read spec: %w", err)
	}
	defer file.Close()
	return readSpec(file, location)
}

func isURL(location string) bool {
	parsed, err := url.Parse(location)
	if err != nil {
		return false
	}
	return (parsed.Scheme == "http" || parsed.Scheme == "https") && parsed.Host != ""
}

func download(ctx context.Context, client *http.Client, location string) ([]byte, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, location, nil)
	if err != nil {
		return nil, fmt.Errorf("specupdate: build download request: %w", err)
	}

	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("specupdate: download spec: %w", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("specupdate: download spec from %s: unexpected status %s", req.URL.Redacted(), resp.Status)
	}

	return readSpec(resp.Body, req.URL.Redacted())
}

// readSpec reads a document of at most maxSpecSize bytes from source, which
// is described by name in errors.
func readSpec(source io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(source, maxSpecSize+1))
	if err != nil {
		return nil, fmt.Errorf("specupdate: read spec %s: %w", name, err)
	}
	if len(data) > maxSpecSize {
		return nil, fmt.Errorf("specupdate: spec %s is larger than %d bytes", name, maxSpecSize)
	}
	return data, nil
}
