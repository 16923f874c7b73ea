# Targets that maintain the vendored Uqudo Authorization API document. The
# Makefile includes this file. See docs/spec-updates.md.

GO ?= go
NPM ?= npm

# The published document, as linked from the "Authorisation API" page of
# Uqudo's documentation.
UQUDO_SPEC_URL ?= https://1201843429-files.gitbook.io/~/files/v0/b/gitbook-x-prod.appspot.com/o/spaces%2F0JZZSvL3DmX19a9SgDAt%2Fuploads%2FFjDzm6ZkiP4WgVjFijFS%2Fuqudo_authorization_openapi.yaml?alt=media&token=3ebfe815-cefb-451a-9012-1a04a87463dd

# SPEC is the new document, a URL or a local file, YAML or JSON.
SPEC ?= $(UQUDO_SPEC_URL)
# ACCEPT_BREAKING=1 applies a document that has breaking changes.
ACCEPT_BREAKING ?=
# UPDATE_CHANGELOG=1 adds the "Spec changes" section to CHANGELOG.md.
UPDATE_CHANGELOG ?=
# LINT_SPEC is the document that lint-spec checks.
LINT_SPEC ?= openapi/uqudo_authorization_openapi.yaml

TOOLS_DIR := .tools
SPECUPDATE := $(TOOLS_DIR)/bin/specupdate
REDOCLY_CLI_VERSION := 2.77.0
REDOCLY := $(TOOLS_DIR)/node_modules/.bin/redocly
REDOCLY_STAMP := $(TOOLS_DIR)/redocly-cli-$(REDOCLY_CLI_VERSION).stamp

# Values that turn a flag on; anything else, such as 0, leaves it off.
yes = $(filter 1 true yes,$(1))

.PHONY: update-spec lint-spec spec-test

## update-spec: vendor a new spec (SPEC=URL_OR_FILE), report breaking
## changes, regenerate, build and test; ACCEPT_BREAKING=1, UPDATE_CHANGELOG=1
update-spec:
	$(GO) build -o $(SPECUPDATE) ./internal/cmd/specupdate
	$(SPECUPDATE) -spec '$(SPEC)' \
		$(if $(call yes,$(ACCEPT_BREAKING)),-accept-breaking) \
		$(if $(call yes,$(UPDATE_CHANGELOG)),-changelog CHANGELOG.md)

## lint-spec: lint the vendored spec (or LINT_SPEC=FILE) with Redocly CLI
lint-spec: $(REDOCLY_STAMP)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
		$(REDOCLY) lint --config openapi/redocly.yaml $(LINT_SPEC)

## spec-test: the spec fixture tests and the spec validation tests
spec-test:
	$(GO) test ./internal/specupdate/ ./openapi/

# Installs Redocly CLI into .tools, pinned, apart from any global install.
$(REDOCLY_STAMP):
	$(NPM) install --prefix $(TOOLS_DIR) --save-exact --no-audit --no-fund \
		@redocly/cli@$(REDOCLY_CLI_VERSION)
	touch $@
