package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRunSharesOneToken(t *testing.T) {
	var stdout bytes.Buffer

	if err := run(&stdout, 20, 10*time.Second); err != nil {
		t.Fatalf("run: %v\n%s", err, stdout.String())
	}
	out := stdout.String()
	if n := strings.Count(out, ": 200 {"); n != 20 {
		t.Errorf("printed %d successful API calls, want 20:\n%s", n, out)
	}
	if !strings.Contains(out, `GET /api/v1/info/record-7: 200 {"client_id":"test-client","id":"record-7"}`) {
		t.Errorf("output lacks the response for record-7:\n%s", out)
	}
	if !strings.Contains(out, "20 API calls used 1 token request(s)") {
		t.Errorf("output does not report a single token request:\n%s", out)
	}
	if strings.Contains(out, "eyJ") {
		t.Error("the output contains an access token")
	}
}

func TestRunRejectsZeroCalls(t *testing.T) {
	var stdout bytes.Buffer
	if err := run(&stdout, 0, time.Second); err == nil {
		t.Error("run with 0 calls succeeded, want an error")
	}
}
