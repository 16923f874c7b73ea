package openapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Validator checks HTTP requests and responses against an OpenAPI document
// with kin-openapi. It matches requests by method and path on any host, so it
// serves loopback test servers as well as the documented server.
//
// A response with a status or content type that the document does not list
// fails validation.
type Validator struct {
	router  routers.Router
	options *openapi3filter.Options
}

// NewValidator returns a Validator for doc. It clears doc.Servers, so pass a
// document that is not shared with other code.
func NewValidator(doc *openapi3.T) (*Validator, error) {
	doc.Servers = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: build router: %w", err)
	}
	options := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
	}
	return &Validator{router: router, options: options}, nil
}

// NewContractValidator returns a Validator for the overlaid contract, the
// document that [LoadContract] returns.
func NewContractValidator() (*Validator, error) {
	doc, err := LoadContract()
	if err != nil {
		return nil, err
	}
	return NewValidator(doc)
}

// ValidateRequest checks req and its body. It reads the body and puts an
// unread copy back, so the caller can still read it.
func (v *Validator) ValidateRequest(ctx context.Context, req *http.Request) error {
	route, params, err := v.findRoute(req)
	if err != nil {
		return err
	}

	var body []byte
	if req.Body != nil {
		body, err = io.ReadAll(req.Body)
		if err != nil {
			return fmt.Errorf("openapi: read request body: %w", err)
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
		defer func() { req.Body = io.NopCloser(bytes.NewReader(body)) }()
	}

	input := &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options:    v.options,
	}
	if err := openapi3filter.ValidateRequest(ctx, input); err != nil {
		return fmt.Errorf("openapi: request does not match the spec: %w", err)
	}
	return nil
}

// ValidateResponse checks a response that the server sent to req. The
// request body is not read.
func (v *Validator) ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.findRoute(req)
	if err != nil {
		return err
	}

	input := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
			Options:    v.options,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: v.options,
	}
	if err := openapi3filter.ValidateResponse(ctx, input); err != nil {
		return fmt.Errorf("openapi: response does not match the spec: %w", err)
	}
	return nil
}

func (v *Validator) findRoute(req *http.Request) (*routers.Route, map[string]string, error) {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return nil, nil, fmt.Errorf("openapi: no operation for %s %s: %w", req.Method, req.URL.Path, err)
	}
	return route, params, nil
}
