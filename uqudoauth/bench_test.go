package uqudoauth_test

// Benchmarks of TokenSource against the client credentials token source of
// golang.org/x/oauth2, which is oauth2.ReuseTokenSource over one token
// request per fetch. Both get their tokens from the same local token
// server. docs/benchmarks.md describes each benchmark and records results.

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth"
	"github.com/uqudo-auth-go/uqudo-auth-go/uqudoauth/uqudoauthtest"
)

// tokenFunc gets one token and discards it.
type tokenFunc func(ctx context.Context) error

// contender builds a token getter of one library on server. It returns the
// getter and a function that releases it.
type contender struct {
	name string
	new  func(b *testing.B, server *uqudoauthtest.Server, httpClient *http.Client, margin time.Duration) (tokenFunc, func())
}

var contenders = []contender{
	{"uqudoauth", newUqudoauthSource},
	{"x-oauth2", newOAuth2Source},
}

// newUqudoauthSource returns a TokenSource. A zero margin selects its
// default margins.
func newUqudoauthSource(b *testing.B, server *uqudoauthtest.Server, httpClient *http.Client,
	margin time.Duration) (tokenFunc, func()) {
	client, err := uqudoauth.NewClient(uqudoauthtest.DefaultClientID, uqudoauthtest.DefaultClientSecret,
		&uqudoauth.ClientOptions{BaseURL: server.URL, HTTPClient: httpClient})
	if err != nil {
		b.Fatalf("NewClient: %v", err)
	}
	source := uqudoauth.NewTokenSource(client, &uqudoauth.TokenSourceOptions{ExpiryMargin: margin})
	get := func(ctx context.Context) error {
		_, err := source.Token(ctx)
		return err
	}
	return get, func() { _ = source.Close() }
}

// newOAuth2Source returns clientcredentials.Config.TokenSource with the
// credentials in the form body, as Uqudo documents. A zero margin keeps
// x/oauth2's default of 10 s.
func newOAuth2Source(_ *testing.B, server *uqudoauthtest.Server, httpClient *http.Client,
	margin time.Duration) (tokenFunc, func()) {
	config := clientcredentials.Config{
		ClientID:     uqudoauthtest.DefaultClientID,
		ClientSecret: uqudoauthtest.DefaultClientSecret,
		TokenURL:     server.URL + "/api/oauth/token",
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, httpClient)
	source := config.TokenSource(ctx)
	if margin != 0 {
		source = oauth2.ReuseTokenSourceWithExpiry(nil, source, margin)
	}
	get := func(context.Context) error {
		_, err := source.Token()
		return err
	}
	return get, func() {}
}

func newBenchServer(b *testing.B, lifetime time.Duration) *uqudoauthtest.Server {
	server := uqudoauthtest.NewServer(&uqudoauthtest.Options{Lifetime: lifetime})
	b.Cleanup(server.Close)
	return server
}

// warm returns a getter with a cached token.
func warm(b *testing.B, c contender, server *uqudoauthtest.Server) tokenFunc {
	get, release := c.new(b, server, &http.Client{}, 0)
	b.Cleanup(release)
	if err := get(context.Background()); err != nil {
		b.Fatalf("first token: %v", err)
	}
	return get
}

func BenchmarkCachedToken(b *testing.B) {
	server := newBenchServer(b, 0)
	for _, c := range contenders {
		b.Run(c.name, func(b *testing.B) {
			get := warm(b, c, server)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if err := get(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCachedTokenParallel(b *testing.B) {
	server := newBenchServer(b, 0)
	for _, c := range contenders {
		b.Run(c.name, func(b *testing.B) {
			get := warm(b, c, server)
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				ctx := context.Background()
				for pb.Next() {
					if err := get(ctx); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

// BenchmarkColdCache1000 starts 1,000 goroutines at once on a new token
// source and reports the token requests that they cause.
func BenchmarkColdCache1000(b *testing.B) {
	const callers = 1000
	server := newBenchServer(b, 0)
	httpClient := &http.Client{}
	for _, c := range contenders {
		b.Run(c.name, func(b *testing.B) {
			before := server.RequestCount()
			for b.Loop() {
				get, release := c.new(b, server, httpClient, 0)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for range callers {
					wg.Go(func() {
						<-start
						if err := get(context.Background()); err != nil {
							b.Error(err)
						}
					})
				}
				close(start)
				wg.Wait()
				release()
			}
			b.ReportMetric(float64(server.RequestCount()-before)/float64(b.N), "requests/op")
		})
	}
}

// Parameters of BenchmarkRefreshLatency.
const (
	latencyLifetime = time.Second            // expires_in of every token
	latencyMargin   = 100 * time.Millisecond // how early both sources treat a token as expired
	latencyDelay    = 50 * time.Millisecond  // time the token server takes to respond
	latencyRun      = 5 * time.Second        // length of one run: five token lifetimes
	latencyInterval = time.Millisecond       // time between two callers' arrivals
)

// BenchmarkRefreshLatency measures how long callers wait for a token while
// tokens expire and are replaced. Each run lasts latencyRun whatever b.N
// is. A new caller goroutine arrives every latencyInterval, as requests do
// on a server, gets one token and records how long that took.
func BenchmarkRefreshLatency(b *testing.B) {
	server := newBenchServer(b, latencyLifetime)
	httpClient := &http.Client{Transport: &delayedTransport{delay: latencyDelay}}
	for _, c := range contenders {
		b.Run(c.name, func(b *testing.B) {
			get, release := c.new(b, server, httpClient, latencyMargin)
			defer release()
			if err := get(context.Background()); err != nil {
				b.Fatalf("first token: %v", err)
			}

			var latencies []time.Duration
			before := server.RequestCount()
			for b.Loop() {
				latencies = append(latencies, measureLatencies(b, get)...)
			}
			requests := server.RequestCount() - before

			slices.Sort(latencies)
			percentile := func(p int) float64 {
				return float64(latencies[(len(latencies)-1)*p/100].Nanoseconds())
			}
			// Time and allocations per op would cover a whole run: leave
			// them out.
			b.ReportMetric(0, "ns/op")
			b.ReportMetric(0, "B/op")
			b.ReportMetric(0, "allocs/op")
			b.ReportMetric(percentile(50), "p50-ns")
			b.ReportMetric(percentile(99), "p99-ns")
			b.ReportMetric(percentile(100), "max-ns")
			b.ReportMetric(float64(len(latencies))/float64(b.N), "calls/op")
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
		})
	}
}

// measureLatencies starts a caller every latencyInterval for latencyRun
// and returns the time each caller spent getting its token.
func measureLatencies(b *testing.B, get tokenFunc) []time.Duration {
	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, latencyRun/latencyInterval)
		wg        sync.WaitGroup
	)
	ticker := time.NewTicker(latencyInterval)
	defer ticker.Stop()
	end := time.Now().Add(latencyRun)
	for now := range ticker.C {
		if now.After(end) {
			break
		}
		wg.Go(func() {
			start := time.Now()
			err := get(context.Background())
			elapsed := time.Since(start)
			if err != nil {
				b.Error(err)
			}
			mu.Lock()
			latencies = append(latencies, elapsed)
			mu.Unlock()
		})
	}
	wg.Wait()
	return latencies
}

// delayedTransport waits delay before it sends each request, so that the
// local token server responds as slowly as a remote one.
type delayedTransport struct {
	delay time.Duration
}

func (t *delayedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	timer := time.NewTimer(t.delay)
	defer timer.Stop()
	select {
	case <-timer.C:
		return http.DefaultTransport.RoundTrip(req)
	case <-req.Context().Done():
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, req.Context().Err()
	}
}
