package app_test

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	_ "healthgrid/internal/app" // links every module, so every code is declared
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
)

// TestProblemCodes holds the committed web/src/api/problem-codes.json, every
// problem code the server can send, to the codes the linked modules declare;
// -update rewrites it. The web words each (a Vitest check fails on one without).
func TestProblemCodes(t *testing.T) { holdFile(t, "problem-codes.json", apperr.Codes()) }

// TestAuditActions holds the committed web/src/api/audit-actions.json, every
// action the server writes to the audit log, to the actions the linked
// modules declare; -update rewrites it. The web names each.
func TestAuditActions(t *testing.T) { holdFile(t, "audit-actions.json", audit.Actions()) }

// holdFile holds web/src/api/<name> to v as indented JSON, or rewrites it
// under -update.
func holdFile(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := "../../web/src/api/" + name
	if *updateOpenAPI {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(want, got) {
		t.Fatalf("web/src/api/%s differs from what the server declares (%v).\n"+
			"Rewrite it with: make openapi", name, err)
	}
}
