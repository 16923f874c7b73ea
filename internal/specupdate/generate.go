package specupdate

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/util"
	"gopkg.in/yaml.v3"
)

// Paths inside the module, relative to its root.
const (
	// SpecPath is the vendored copy of Uqudo's published document.
	SpecPath = "openapi/uqudo_authorization_openapi.yaml"
	// GeneratorConfigPath is the oapi-codegen configuration that
	// go generate passes to the generator.
	GeneratorConfigPath = "openapi/codegen.yaml"
)

// generatorConfig is the layout of an oapi-codegen configuration file: the
// library's Configuration, plus the output file that only the command reads.
type generatorConfig struct {
	codegen.Configuration `yaml:",inline"`
	Output                string `yaml:"output,omitempty"`
}

// Generate runs oapi-codegen as a library on the document at specPath with
// the configuration and overlay of the module at root, and returns the Go
// source that go generate would write. It writes no files.
//
// Unlike go generate, it refuses every remote $ref, so it never reaches the
// network.
func Generate(root, specPath string) (string, error) {
	config, err := readGeneratorConfig(root)
	if err != nil {
		return "", err
	}

	overlayOptions := util.LoadSwaggerWithOverlayOpts{
		Path:                resolve(root, config.OutputOptions.Overlay.Path),
		Strict:              true,
		AllowRemoteRefsFrom: []string{},
	}
	if config.OutputOptions.Overlay.Strict != nil {
		overlayOptions.Strict = *config.OutputOptions.Overlay.Strict
	}

	doc, err := util.LoadSwaggerWithOverlay(specPath, overlayOptions)
	if err != nil {
		return "", fmt.Errorf("specupdate: load %s with the overlay: %w", specPath, err)
	}

	code, err := codegen.Generate(doc, config.Configuration)
	if err != nil {
		return "", fmt.Errorf("specupdate: generate code from %s: %w", specPath, err)
	}
	return code, nil
}

func readGeneratorConfig(root string) (generatorConfig, error) {
	path := filepath.Join(root, GeneratorConfigPath)
	data, err := os.ReadFile(path)
	if err != nil {
		return generatorConfig{}, fmt.Errorf("specupdate: read generator configuration: %w", err)
	}

	var config generatorConfig
	if err := yaml.Unmarshal(data, &config); err != nil {
		return generatorConfig{}, fmt.Errorf("specupdate: parse %s: %w", path, err)
	}
	config.Configuration = config.UpdateDefaults()
	if err := config.Validate(); err != nil {
		return generatorConfig{}, fmt.Errorf("specupdate: invalid generator configuration %s: %w", path, err)
	}
	return config, nil
}

// resolve returns path relative to root, unless it is empty or absolute.
func resolve(root, path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(root, path)
}
