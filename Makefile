# Maintainer tasks. The README's two commands need only Go; these targets
# wrap them and the checks that CI runs.

GO ?= go

.PHONY: run test check generate check-generated contract bench

## run: fetch a token; with no UQUDO_* credentials, from the local test server
run:
	$(GO) run ./examples/gettoken

## test: all tests under the race detector
test:
	$(GO) test -race ./...

## generate: regenerate uqudoauth/authapi from the vendored spec
generate:
	$(GO) generate ./...

## check: vet, tests, and a failure when generated code is stale
check:
	$(GO) vet ./...
	$(GO) test -race ./...
	$(MAKE) check-generated

# Compares the tree before and after go generate, so it also works in a
# tree with uncommitted changes.
check-generated:
	@before="$$(git status --porcelain --untracked-files=all; git diff)"; \
	$(GO) generate ./... && \
	after="$$(git status --porcelain --untracked-files=all; git diff)"; \
	if [ "$$before" != "$$after" ]; then \
		echo "go generate changed files: commit the regenerated code"; \
		git status --short; exit 1; \
	fi

## contract: check a live token response against the vendored spec
## (needs UQUDO_CLIENT_ID and UQUDO_CLIENT_SECRET; UQUDO_AUTH_URL is optional)
contract:
	$(GO) test -count=1 -run 'TestLiveContract' -v ./uqudoauth/

## bench: TokenSource and golang.org/x/oauth2 side by side (about 20 s)
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./uqudoauth/

-include spec.mk
