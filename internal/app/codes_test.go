package app_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	_ "healthgrid/internal/app" // links every module, so every code is declared
	"healthgrid/internal/apperr"
)

// codesFile lists every problem code the server can send, for the web's
// translations (a Vitest check fails on a code without one).
const codesFile = "../../web/src/api/problem-codes.json"

// TestProblemCodes holds the committed web/src/api/problem-codes.json to the
// codes the linked modules declare; -update rewrites it.
func TestProblemCodes(t *testing.T) {
	got, err := json.MarshalIndent(apperr.Codes(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *updateOpenAPI {
		if err := os.WriteFile(codesFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(codesFile)
	if err != nil || !bytes.Equal(want, got) {
		t.Fatalf("web/src/api/problem-codes.json differs from the codes the server declares (%v).\n"+
			"Rewrite it with: make openapi", err)
	}
}
