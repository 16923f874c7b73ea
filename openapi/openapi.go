// Package openapi embeds the vendored Uqudo Authorization API document and
// the project's overlay, and loads them with kin-openapi, so that tests and
// tools never depend on file paths.
package openapi

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

// SpecFile and OverlayFile are the names of the embedded files inside the
// openapi directory of the module.
const (
	SpecFile    = "uqudo_authorization_openapi.yaml"
	OverlayFile = "overlay.yaml"
)

//go:embed uqudo_authorization_openapi.yaml
var specData []byte

//go:embed overlay.yaml
var overlayData []byte

// Spec returns a copy of the vendored document exactly as Uqudo publishes it.
func Spec() []byte { return bytes.Clone(specData) }

// Overlay returns a copy of the project's overlay document.
func Overlay() []byte { return bytes.Clone(overlayData) }

// Load parses and validates the vendored document without the overlay. It is
// the contract that Uqudo documents.
func Load() (*openapi3.T, error) { return Parse(specData) }

// LoadContract parses the vendored document with the overlay applied, the
// same document that the code generator reads. It adds the RFC 6749 error
// body on 400 and 401 to what Uqudo documents.
func LoadContract() (*openapi3.T, error) {
	return ParseWithOverlay(specData, overlayData)
}

// Parse loads an OpenAPI document given as YAML or JSON and validates it.
func Parse(data []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("openapi: parse document: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: invalid document: %w", err)
	}
	return doc, nil
}

// ParseWithOverlay applies an OpenAPI Overlay to a document given as YAML or
// JSON, then loads and validates the result. Overlay actions that match
// nothing are allowed, as in the code generator's configuration.
func ParseWithOverlay(spec, overlayDoc []byte) (*openapi3.T, error) {
	merged, err := ApplyOverlay(spec, overlayDoc)
	if err != nil {
		return nil, err
	}
	return Parse(merged)
}

// ApplyOverlay returns spec, given as YAML or JSON, with the overlay applied,
// encoded as YAML.
func ApplyOverlay(spec, overlayDoc []byte) ([]byte, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(spec, &root); err != nil {
		return nil, fmt.Errorf("openapi: parse document: %w", err)
	}

	ov, err := overlay.ParseReader(bytes.NewReader(overlayDoc))
	if err != nil {
		return nil, fmt.Errorf("openapi: parse overlay: %w", err)
	}
	if err := ov.Validate(); err != nil {
		return nil, fmt.Errorf("openapi: invalid overlay: %w", err)
	}
	if err := ov.ApplyTo(&root); err != nil {
		return nil, fmt.Errorf("openapi: apply overlay: %w", err)
	}

	out, err := yaml.Marshal(&root)
	if err != nil {
		return nil, fmt.Errorf("openapi: encode overlaid document: %w", err)
	}
	return out, nil
}
