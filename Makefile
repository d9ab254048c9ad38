# healthgrid — the two commands a newcomer needs are `make run` and `make test`.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X healthgrid/internal/app.Version=$(VERSION)
GO_PKGS := ./...

.PHONY: run build web go test test-go test-web e2e browser-deps bench lint clean openapi

## run: build everything and serve the demo city on http://localhost:8080
run: build
	./bin/healthgrid serve --demo

## build: the console (npm ci + vite build) embedded in bin/healthgrid
build: web go

web: web/node_modules/.installed
	cd web && npm run build

web/node_modules/.installed: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	touch $@

go:
	go build -ldflags "$(LDFLAGS)" -o bin/healthgrid ./cmd/healthgrid

## test: every test — lint, Go (SQLite, and PostgreSQL when HEALTHGRID_TEST_POSTGRES is set), web units, browser walk
test: lint test-go test-web e2e

test-go:
	go test -count=1 -timeout 30m $(GO_PKGS)

test-web: web/node_modules/.installed
	cd web && npm test

## openapi: rewrite web/src/api/openapi.json, problem-codes.json and audit-actions.json from the app, and the web's types
openapi: web/node_modules/.installed
	go test ./internal/app -run '^(TestOpenAPI|TestProblemCodes|TestAuditActions)$$' -count=1 -update
	cd web && npm run gen:api

## e2e: build, start a demo server on a scratch data dir, walk the console in Chromium
e2e: build browser-deps
	bash scripts/e2e.sh

## browser-deps: Debian's chromium and CJK fonts, installed when missing
browser-deps:
	@bash scripts/browser-deps.sh

## bench: Go benchmarks and the city-scale figures (see docs/benchmarks.md)
bench: go
	go test -run '^$$' -bench . -benchtime 2s ./internal/geo/ ./internal/auth/ ./internal/demo/
	./bin/healthgrid bench locate --n 200000
	./bin/healthgrid bench login --n 400 --c 4
	./bin/healthgrid bench regions --n 20000 --c 50

lint:
	@out=$$(gofmt -l cmd internal web/embed.go); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet $(GO_PKGS)

clean:
	rm -rf bin web/dist/assets web/dist/index.html
