package specupdate

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"
)

// Change is one difference between two versions of the spec, as reported by
// a check of oasdiff's checker package.
type Change struct {
	// ID is the oasdiff rule that found the change, such as
	// "response-property-type-changed".
	ID string
	// Level is "error" or "warning" for a breaking change and "info" for a
	// safe one, after this project's severity overrides.
	Level string
	// Breaking reports whether the change can break the wrapper or the
	// code of its users.
	Breaking bool
	// Operation is the method and path the change is in, such as
	// "POST /api/oauth/token", and empty for a change to the document as a
	// whole or to its components.
	Operation string
	// Text is oasdiff's description of the change, without colour codes.
	Text string
}

// Comparison is the result of comparing two versions of the spec.
type Comparison struct {
	// BaseVersion and RevisionVersion are the info.version fields of the
	// vendored and the new document.
	BaseVersion     string
	RevisionVersion string
	// Changes lists breaking changes first, then safe ones.
	Changes []Change
}

// Breaking returns the changes that can break the wrapper or its users.
func (c Comparison) Breaking() []Change {
	var breaking []Change
	for _, change := range c.Changes {
		if change.Breaking {
			breaking = append(breaking, change)
		}
	}
	return breaking
}

// Safe returns the changes that neither the wrapper nor its users notice.
func (c Comparison) Safe() []Change {
	var safe []Change
	for _, change := range c.Changes {
		if !change.Breaking {
			safe = append(safe, change)
		}
	}
	return safe
}

// Compare runs every oasdiff check between the base and revision documents,
// given as YAML or JSON, and returns all changes it finds, including
// informational ones. Both documents are compared as Uqudo publishes them,
// without the overlay, because the wire contract is what users depend on.
// Names that only the code generator reads, such as operationId and schema
// names, are kept stable by the overlay, and oasdiff reports changes to them
// as info.
func Compare(base, revision []byte) (Comparison, error) {
	baseInfo, err := loadSpecInfo(base, "base")
	if err != nil {
		return Comparison{}, err
	}
	revisionInfo, err := loadSpecInfo(revision, "revision")
	if err != nil {
		return Comparison{}, err
	}

	report, sources, err := diff.GetWithOperationsSourcesMap(diff.NewConfig(), baseInfo, revisionInfo)
	if err != nil {
		return Comparison{}, fmt.Errorf("specupdate: compare documents: %w", err)
	}

	config := checker.NewConfig(checker.GetAllChecks(), checker.WithSeverityLevels(severityOverrides))
	found := checker.CheckBackwardCompatibilityUntilLevel(config, report, sources, checker.INFO)

	localizer := checker.NewDefaultLocalizer()
	comparison := Comparison{
		BaseVersion:     baseInfo.Version,
		RevisionVersion: revisionInfo.Version,
	}
	for _, change := range found {
		comparison.Changes = append(comparison.Changes, newChange(change, localizer))
	}
	return comparison, nil
}

// loadSpecInfo parses and validates one document. Each document gets its own
// loader, because a loader caches documents by name.
func loadSpecInfo(data []byte, name string) (*load.SpecInfo, error) {
	info, err := load.NewSpecInfoFromData(openapi3.NewLoader(), data, name)
	if err != nil {
		return nil, fmt.Errorf("specupdate: parse %s document: %w", name, err)
	}
	return info, nil
}

func newChange(change checker.Change, localizer checker.Localizer) Change {
	var operation string
	if change.GetOperation() != "" {
		operation = change.GetOperation() + " " + change.GetPath()
	}
	return Change{
		ID:        change.GetId(),
		Level:     change.GetLevel().String(),
		Breaking:  change.IsBreaking(),
		Operation: operation,
		Text:      change.GetUncolorizedText(localizer),
	}
}
