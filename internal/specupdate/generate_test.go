package specupdate

import (
	"slices"
	"testing"
)

// stableNames are generated identifiers that the wrapper and its users rely
// on, with the declaration each must keep.
var stableNames = map[string]string{
	"Client.GetTokenWithFormdataBody": "func(ctx context.Context, body GetTokenFormdataRequestBody, " +
		"reqEditors ...RequestEditorFn) (*http.Response, error)",
	"ClientWithResponses.GetTokenWithFormdataBodyWithResponse": "func(ctx context.Context, " +
		"body GetTokenFormdataRequestBody, reqEditors ...RequestEditorFn) (*GetTokenResponse, error)",
	"NewGetTokenRequestWithFormdataBody": "func(server string, body GetTokenFormdataRequestBody) " +
		"(*http.Request, error)",
	"ParseGetTokenResponse":       "func(rsp *http.Response) (*GetTokenResponse, error)",
	"GetTokenFormdataRequestBody": "type = TokenRequest",
	"TokenRequest":                "type struct",
	"TokenRequest.GrantType":      "TokenRequestGrantType `json:\"grant_type\"`",
	"TokenRequestGrantType":       "type string",
	"ClientCredentials":           "const TokenRequestGrantType = \"client_credentials\"",
	"TokenResponse":               "type struct",
	"TokenResponse.AccessToken":   "string `json:\"access_token\"`",
	"OAuthError":                  "type struct",
	"OAuthError.Error":            "string `json:\"error\"`",
	"GetTokenResponse.JSON200":    "*TokenResponse",
	"GetTokenResponse.JSON400":    "*OAuthError",
	"GetTokenResponse.JSON401":    "*OAuthError",
}

func generateAPI(t *testing.T, specPath string) GoAPI {
	t.Helper()
	code, err := Generate(moduleRoot, specPath)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	api, err := ParseGoAPI(code)
	if err != nil {
		t.Fatalf("ParseGoAPI: %v", err)
	}
	return api
}

func TestGenerateKeepsNames(t *testing.T) {
	base := generateAPI(t, fixtureDir+"/base.yaml")
	for _, fixture := range specFixtures {
		t.Run(fixture.file, func(t *testing.T) {
			api := generateAPI(t, fixture.path())

			var changes []string
			for _, change := range CompareGoAPI(base, api) {
				changes = append(changes, goChangeSymbol(change)+change.Name)
			}
			if !slices.Equal(changes, fixture.goChanges) {
				t.Errorf("Go API changes = %v, want %v", changes, fixture.goChanges)
			}

			if len(fixture.goChanges) > 0 {
				return
			}
			for name, want := range stableNames {
				if got := api[name]; got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestGeneratePublishedJSONMatchesYAML(t *testing.T) {
	fromYAML, err := Generate(moduleRoot, fixtureDir+"/base.yaml")
	if err != nil {
		t.Fatalf("Generate YAML: %v", err)
	}
	fromJSON, err := Generate(moduleRoot, fixtureDir+"/published.json")
	if err != nil {
		t.Fatalf("Generate JSON: %v", err)
	}
	if fromJSON != fromYAML {
		t.Error("code generated from the JSON document differs from the YAML one")
	}
}

func TestGenerateMatchesCommittedCode(t *testing.T) {
	// go generate writes the committed code from the vendored spec. The
	// header is not compared, because it names the module that runs the
	// generator.
	api := generateAPI(t, moduleRoot+"/"+SpecPath)
	committed, err := ParseGoAPI(string(readFile(t, moduleRoot+"/uqudoauth/authapi/authapi.gen.go")))
	if err != nil {
		t.Fatalf("ParseGoAPI: %v", err)
	}
	if changes := CompareGoAPI(committed, api); len(changes) > 0 {
		t.Errorf("in-memory generation differs from go generate: %v", changes)
	}
}

func goChangeSymbol(change GoAPIChange) string {
	switch {
	case change.Old == "":
		return "+"
	case change.New == "":
		return "-"
	default:
		return "~"
	}
}
