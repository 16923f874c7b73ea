//go:build tools

// This file pins the code generator in go.mod, so that go generate
// always runs the same oapi-codegen release.
package uqudo

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
