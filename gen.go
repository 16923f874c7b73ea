// Package uqudo is the module root. It holds only the go:generate directive
// that regenerates package uqudoauth/authapi from the vendored spec; import
// package uqudoauth to get tokens.
package uqudo

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config openapi/codegen.yaml openapi/uqudo_authorization_openapi.yaml
