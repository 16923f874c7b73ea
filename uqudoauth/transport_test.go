package uqudoauth_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
)

// apiServer is a local stand-in for the Uqudo API. It records each request
// and responds 401 to a request without a token or with a revoked one. The
// path /redirect redirects to the URL in the query parameter "to".
type apiServer struct {
	*httptest.Server

	mu       sync.Mutex
	revoked  map[string]bool
	requests []apiRequest
}

type apiRequest struct {
	authorization string
	body          string
}

func newAPIServer(t *testing.T) *apiServer {
	t.Helper()
	api := &apiServer{revoked: map[string]bool{}}
	api.Server = httptest.NewServer(http.HandlerFunc(api.serveHTTP))
	t.Cleanup(api.Close)
	return api
}

func (api *apiServer) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	authorization := r.Header.Get("Authorization")

	api.mu.Lock()
	api.requests = append(api.requests, apiRequest{authorization: authorization, body: string(body)})
	revoked := api.revoked[strings.TrimPrefix(authorization, "Bearer ")]
	api.mu.Unlock()

	switch {
	case r.URL.Path == "/redirect":
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	case authorization == "" || revoked:
		w.WriteHeader(http.StatusUnauthorized)
	default:
		_, _ = io.WriteString(w, `{"status":"ok"}`)
	}
}

func (api *apiServer) revoke(tok *uqudoauth.Token) {
	api.mu.Lock()
	defer api.mu.Unlock()
	api.revoked[tok.AccessToken] = true
}

func (api *apiServer) received() []apiRequest {
	api.mu.Lock()
	defer api.mu.Unlock()
	return append([]apiRequest(nil), api.requests...)
}

// host returns the server's host and port, for Transport.Hosts.
func (api *apiServer) host() string { return api.Listener.Addr().String() }

// newAPIClient returns an HTTP client that sends f's tokens to api.
func newAPIClient(f *sourceFixture, api *apiServer) *http.Client {
	return uqudoauth.NewHTTPClient(f.source, &uqudoauth.HTTPClientOptions{Hosts: []string{api.host()}})
}

// newRevokedFixture returns a fixture whose cached token is old enough to
// be replaced and that api rejects as revoked.
func newRevokedFixture(t *testing.T) (f *sourceFixture, api *apiServer, rejected *uqudoauth.Token) {
	t.Helper()
	f = newSourceFixture(t, nil)
	api = newAPIServer(t)
	rejected = f.token(t)
	f.clock.Advance(uqudoauth.MinRenewAge)
	api.revoke(rejected)
	return f, api, rejected
}

// send sends req and returns the status, failing the test on error.
func send(t *testing.T, client *http.Client, req *http.Request) int {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func newRequest(t *testing.T, method, url string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatalf("NewRequest: %v", err)
	}
	return req
}

func TestTransportAddsToken(t *testing.T) {
	f := newSourceFixture(t, nil)
	api := newAPIServer(t)
	req := newRequest(t, http.MethodGet, api.URL+"/api/v1/info/abc", nil)

	if status := send(t, newAPIClient(f, api), req); status != http.StatusOK {
		t.Fatalf("status %d, want 200", status)
	}
	tok := f.token(t)
	if got := api.received()[0].authorization; got != "Bearer "+tok.AccessToken {
		t.Errorf("the API received Authorization %.20q…, want the cached bearer token", got)
	}
	if got := req.Header.Get("Authorization"); got != "" {
		t.Error("the caller's request was modified: it has an Authorization header")
	}
}

func TestTransportOtherHostGetsNoToken(t *testing.T) {
	f := newSourceFixture(t, nil)
	api := newAPIServer(t)
	other := newAPIServer(t)
	client := newAPIClient(f, api)

	send(t, client, newRequest(t, http.MethodGet, other.URL+"/direct", nil))
	send(t, client, newRequest(t, http.MethodGet, api.URL+"/redirect?to="+other.URL+"/redirected", nil))

	received := other.received()
	if len(received) != 2 {
		t.Fatalf("the other host received %d requests, want 2", len(received))
	}
	for i, r := range received {
		if r.authorization != "" {
			t.Errorf("request %d to the other host carried an Authorization header", i)
		}
	}
	if got := api.received()[0].authorization; got == "" {
		t.Error("the redirecting API request carried no token")
	}
}

func TestTransportRetries401(t *testing.T) {
	for _, tc := range []struct {
		name, method, body string
	}{
		{"GET", http.MethodGet, ""},
		{"POST with replayable body", http.MethodPost, `{"session":"abc"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, api, rejected := newRevokedFixture(t)
			client := newAPIClient(f, api)

			req := newRequest(t, tc.method, api.URL+"/api/v1/info/abc", strings.NewReader(tc.body))
			if status := send(t, client, req); status != http.StatusOK {
				t.Fatalf("status %d, want 200 after the retry", status)
			}

			f.requireRequests(t, 2)
			received := api.received()
			if len(received) != 2 {
				t.Fatalf("the API received %d requests, want 2", len(received))
			}
			renewed := f.token(t)
			if received[1].authorization != "Bearer "+renewed.AccessToken {
				t.Error("the retry did not carry the new token")
			}
			if renewed == rejected {
				t.Error("the source still serves the rejected token")
			}
			for i, r := range received {
				if r.body != tc.body {
					t.Errorf("request %d body = %q, want %q", i, r.body, tc.body)
				}
			}
		})
	}
}

func TestTransport401UnreplayableBody(t *testing.T) {
	f, api, _ := newRevokedFixture(t)
	client := newAPIClient(f, api)

	// NewRequest sets no GetBody for a reader type it does not know.
	body := io.NopCloser(strings.NewReader("payload"))
	req := newRequest(t, http.MethodPost, api.URL+"/api/v1/upload", body)
	if status := send(t, client, req); status != http.StatusUnauthorized {
		t.Fatalf("status %d, want the 401 without a retry", status)
	}
	if n := len(api.received()); n != 1 {
		t.Fatalf("the API received %d requests, want 1", n)
	}

	next := newRequest(t, http.MethodGet, api.URL+"/api/v1/info/abc", nil)
	if status := send(t, client, next); status != http.StatusOK {
		t.Fatalf("next request: status %d, want 200 with a new token", status)
	}
	f.requireRequests(t, 2)
}

func TestTransport401YoungToken(t *testing.T) {
	f := newSourceFixture(t, nil)
	api := newAPIServer(t)
	client := newAPIClient(f, api)
	api.revoke(f.token(t))
	f.clock.Advance(uqudoauth.MinRenewAge - time.Nanosecond)

	req := newRequest(t, http.MethodGet, api.URL+"/api/v1/info/abc", nil)
	if status := send(t, client, req); status != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", status)
	}
	if n := len(api.received()); n != 1 {
		t.Errorf("the API received %d requests, want 1: no retry with the same token", n)
	}
	f.requireRequests(t, 1)
}

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (fn roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return fn(req) }

// recordAuthorization returns a RoundTripper that responds 200 without a
// network and stores the Authorization header of each request in *got.
func recordAuthorization(got *string) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		*got = req.Header.Get("Authorization")
		return &http.Response{
			StatusCode: http.StatusOK,
			Body:       http.NoBody,
			Request:    req,
		}, nil
	})
}

func TestTransportHostMatching(t *testing.T) {
	f := newSourceFixture(t, nil)
	for _, tc := range []struct {
		hosts []string
		url   string
		want  bool
	}{
		{nil, "https://id.uqudo.io/api/v1/info/1", true},
		{nil, "https://ID.Uqudo.IO/api/v1/info/1", true},
		{nil, "https://id.uqudo.io:443/api/v1/info/1", true},
		{nil, "https://id.uqudo.io:8443/api/v1/info/1", false},
		{nil, "https://id.uqudo.io.example.com/api/v1/info/1", false},
		{nil, "https://auth.uqudo.io/api/oauth/token", false},
		{nil, "https://example.com/?host=id.uqudo.io", false},
		{[]string{"127.0.0.1:8080"}, "http://127.0.0.1:8080/x", true},
		{[]string{"127.0.0.1:8080"}, "http://127.0.0.1:8081/x", false},
		{[]string{"127.0.0.1:8080"}, "https://id.uqudo.io/x", false},
		{[]string{"[::1]:8080"}, "http://[::1]:8080/x", true},
		{[]string{"localhost"}, "http://localhost/x", true},
		{[]string{"localhost"}, "http://localhost:8080/x", false},
		{[]string{"other.example", "id.uqudo.io"}, "https://id.uqudo.io/x", true},
	} {
		var got string
		transport := &uqudoauth.Transport{
			Source: f.source,
			Base:   recordAuthorization(&got),
			Hosts:  tc.hosts,
		}
		req := newRequest(t, http.MethodGet, tc.url, nil)
		resp, err := transport.RoundTrip(req)
		if err != nil {
			t.Errorf("hosts %q, %s: %v", tc.hosts, tc.url, err)
			continue
		}
		resp.Body.Close()
		if sent := got != ""; sent != tc.want {
			t.Errorf("hosts %q, %s: token sent = %v, want %v", tc.hosts, tc.url, sent, tc.want)
		}
	}
}

func TestTransportRejectsPlainHTTP(t *testing.T) {
	f := newSourceFixture(t, nil)
	transport := &uqudoauth.Transport{
		Source: f.source,
		Base: roundTripFunc(func(*http.Request) (*http.Response, error) {
			t.Error("the request was sent")
			return nil, errors.New("not sent")
		}),
		Hosts: []string{"api.example.com"},
	}

	_, err := transport.RoundTrip(newRequest(t, http.MethodGet, "http://api.example.com/x", nil))
	if !errors.Is(err, uqudoauth.ErrInvalidInput) {
		t.Errorf("error %v, want ErrInvalidInput", err)
	}
	f.requireRequests(t, 0)
}

func TestTransportTokenError(t *testing.T) {
	f := newSourceFixture(t, nil)
	f.server.Enqueue(rejection())
	api := newAPIServer(t)

	req := newRequest(t, http.MethodGet, api.URL+"/api/v1/info/abc", nil)
	_, err := newAPIClient(f, api).Do(req)
	if !errors.Is(err, uqudoauth.ErrInvalidCredentials) {
		t.Errorf("error %v, want ErrInvalidCredentials", err)
	}
	if n := len(api.received()); n != 0 {
		t.Errorf("the API received %d requests, want none", n)
	}
}

func TestNewHTTPClientKeepsCallerClient(t *testing.T) {
	f := newSourceFixture(t, nil)
	var got string
	base := recordAuthorization(&got)
	caller := &http.Client{Transport: base, Timeout: 7 * time.Second}

	client := uqudoauth.NewHTTPClient(f.source, &uqudoauth.HTTPClientOptions{HTTPClient: caller})

	if client == caller {
		t.Fatal("NewHTTPClient returned the caller's client")
	}
	if _, ok := caller.Transport.(roundTripFunc); !ok {
		t.Errorf("the caller's Transport was replaced by %T", caller.Transport)
	}
	if client.Timeout != caller.Timeout {
		t.Errorf("Timeout = %v, want the caller's %v", client.Timeout, caller.Timeout)
	}
	transport, ok := client.Transport.(*uqudoauth.Transport)
	if !ok {
		t.Fatalf("Transport is %T, want *uqudoauth.Transport", client.Transport)
	}
	if _, ok := transport.Base.(roundTripFunc); !ok {
		t.Errorf("Transport.Base is %T, want the caller's transport", transport.Base)
	}

	req := newRequest(t, http.MethodGet, "https://id.uqudo.io/api/v1/info/abc", nil)
	if status := send(t, client, req.WithContext(context.Background())); status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if !strings.HasPrefix(got, "Bearer ") {
		t.Errorf("the caller's transport received Authorization %.10q…, want a bearer token", got)
	}
}
