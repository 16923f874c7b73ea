package uqudoauthtest

import (
	"net/http"
	"net/url"
	"time"
)

// Request is a request that the server received.
type Request struct {
	Method string
	Path   string
	Header http.Header

	// Form is the decoded form body: grant_type, client_id and
	// client_secret.
	Form url.Values

	// ValidationError is the result of checking the request against the
	// OpenAPI document, nil when it matched.
	ValidationError error
}

// Response is the scripted response to one request. The server sends scripted
// responses in the order they were enqueued, one per request, whatever the
// request contains, and responds normally once the script is empty.
type Response struct {
	// Status is the HTTP status. Zero means 200.
	Status int

	// Header is sent as is. A Content-Type must be set here to be sent.
	Header http.Header

	// Body is sent as is.
	Body string

	// Delay is waited before anything is sent. The wait ends early when
	// the client gives up on the request.
	Delay time.Duration

	// Drop closes the connection without sending a response, after Delay.
	Drop bool
}

// Enqueue appends scripted responses for the next requests.
func (s *Server) Enqueue(responses ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, responses...)
}

func (r Response) serve(w http.ResponseWriter, req *http.Request) {
	sleep(req.Context(), r.Delay)
	if r.Drop {
		dropConnection(w)
		return
	}
	for name, values := range r.Header {
		w.Header()[name] = values
	}
	if r.Header.Get("Content-Type") == "" {
		// Keep net/http from guessing a content type.
		w.Header()["Content-Type"] = nil
	}
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(r.Body))
}

// dropConnection closes the underlying connection without a response.
func dropConnection(w http.ResponseWriter) {
	hijacker, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hijacker.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
