package specupdate

import "github.com/oasdiff/oasdiff/checker"

// severityOverrides raises oasdiff rules that it rates info to error, for
// this API. The default levels suit public APIs whose clients read only what
// they need, but this wrapper exposes every documented field and status.
var severityOverrides = map[string]checker.Level{
	// The token response fields scope and jti are optional, and the wrapper
	// returns them to users, so removing or renaming one loses data
	// silently.
	"response-optional-property-removed": checker.ERR,

	// The wrapper decodes the RFC 6749 error body that the overlay adds to
	// the 400 and 401 responses, and users branch on those statuses.
	"response-non-success-status-removed": checker.ERR,
}
