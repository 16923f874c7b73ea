// Command specupdate replaces the vendored Uqudo Authorization API document
// with a newly published version, after checking it for breaking changes,
// and regenerates, builds and tests the module. Run it from the module root,
// usually through make update-spec.
//
// Usage:
//
//	go run ./internal/cmd/specupdate -spec URL_OR_PATH [-accept-breaking] [-changelog CHANGELOG.md]
//
// The exit status is 0 when the vendored document is up to date or was
// updated, and 1 when breaking changes were found and not accepted. It is 2
// when the new document is invalid, a check failed, or the flags are wrong.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/uqudo-auth-go/uqudo-auth-go/internal/specupdate"
)

// downloadTimeout limits the download of a spec given as a URL.
const downloadTimeout = time.Minute

func main() {
	os.Exit(run())
}

func run() int {
	var opts specupdate.Options
	flag.StringVar(&opts.Spec, "spec", "", "`URL or path` of the new document, YAML or JSON (required)")
	flag.StringVar(&opts.Root, "root", ".", "module root `directory`")
	flag.BoolVar(&opts.AcceptBreaking, "accept-breaking", false,
		"apply the new document even when it has breaking changes")
	flag.StringVar(&opts.Changelog, "changelog", "",
		"Markdown `file` that receives the \"Spec changes\" section after an update; empty prints it only")
	flag.Parse()

	if opts.Spec == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "specupdate: -spec is required and no arguments are accepted")
		flag.Usage()
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	opts.HTTPClient = &http.Client{Timeout: downloadTimeout}
	opts.Output = os.Stdout

	result, err := specupdate.Run(ctx, opts)
	switch {
	case err != nil:
		return 2
	case result.Outcome == specupdate.Rejected:
		return 1
	default:
		return 0
	}
}
