package specupdate

import (
	"os"
	"path/filepath"
	"testing"
)

// moduleRoot is the module root, seen from this package's directory, where
// go test runs its tests.
const moduleRoot = "../.."

// fixtureDir contains realistic next versions of Uqudo's document. Each one is
// base.yaml, the document as first vendored, with one kind of change.
var fixtureDir = filepath.Join(moduleRoot, "testdata", "spec-updates")

// specFixture is a next version of the spec and the verdict it must get
// when compared with base.yaml.
type specFixture struct {
	file string
	// breaking and safe are the oasdiff rule ids that Compare must report,
	// sorted, one entry per reported change.
	breaking []string
	safe     []string
	// goChanges are the changes to the generated Go API, in the order
	// CompareGoAPI returns them: "+Name" for an addition, "-Name" for a
	// removal and "~Name" for a changed declaration.
	goChanges []string
	// outcome is what Run returns without AcceptBreaking.
	outcome Outcome
}

var specFixtures = []specFixture{
	{
		file:      "optional-response-field.yaml",
		safe:      []string{"api-version-changed", "response-optional-property-added"},
		goChanges: []string{"+TokenResponse.Iat"},
		outcome:   Updated,
	},
	{
		file:      "expires-in-string.yaml",
		breaking:  []string{"response-property-type-changed"},
		safe:      []string{"api-version-changed"},
		goChanges: []string{"~TokenResponse.ExpiresIn"},
		outcome:   Rejected,
	},
	{
		file:      "required-request-field.yaml",
		breaking:  []string{"new-required-request-property"},
		safe:      []string{"api-version-changed"},
		goChanges: []string{"+TokenRequest.Audience"},
		outcome:   Rejected,
	},
	{
		file:      "renamed-response-field.yaml",
		breaking:  []string{"response-optional-property-removed"},
		safe:      []string{"api-version-changed", "response-optional-property-added"},
		goChanges: []string{"-TokenResponse.Jti", "+TokenResponse.TokenID"},
		outcome:   Rejected,
	},
	{
		file:     "removed-status.yaml",
		breaking: []string{"response-non-success-status-removed"},
		safe:     []string{"api-version-changed"},
		outcome:  Rejected,
	},
	{
		file:     "json-request-body.yaml",
		breaking: []string{"request-body-media-type-removed"},
		safe:     []string{"api-version-changed", "request-body-media-type-added"},
		goChanges: []string{
			"+Client.GetToken",
			"-Client.GetTokenWithFormdataBody",
			"+ClientInterface.GetToken",
			"-ClientInterface.GetTokenWithFormdataBody",
			"-ClientWithResponses.GetTokenWithFormdataBodyWithResponse",
			"+ClientWithResponses.GetTokenWithResponse",
			"-ClientWithResponsesInterface.GetTokenWithFormdataBodyWithResponse",
			"+ClientWithResponsesInterface.GetTokenWithResponse",
			"-GetTokenFormdataRequestBody",
			"+GetTokenJSONRequestBody",
			"+NewGetTokenRequest",
			"-NewGetTokenRequestWithFormdataBody",
		},
		outcome: Rejected,
	},
	{
		file:    "published.json",
		outcome: Updated,
	},
	{
		file:    "no-operation-id.yaml",
		safe:    []string{"api-version-changed"},
		outcome: Updated,
	},
	{
		file:    "renamed-schemas.yaml",
		safe:    []string{"api-operation-id-added", "api-schema-removed", "api-schema-removed"},
		outcome: Updated,
	},
	{
		file: "inline-schemas.yaml",
		safe: []string{
			"api-operation-id-added", "api-schema-removed", "api-schema-removed",
			"api-version-changed",
		},
		outcome: Updated,
	},
}

func (f specFixture) path() string { return filepath.Join(fixtureDir, f.file) }

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
