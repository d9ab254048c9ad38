package app_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/db"
)

// updateOpenAPI rewrites the committed OpenAPI document instead of comparing.
var updateOpenAPI = flag.Bool("update", false, "rewrite web/src/api/openapi.json from the app")

// openAPIFile is the committed document the web's typed client is generated
// from (npm run gen:api), relative to this package.
const openAPIFile = "../../web/src/api/openapi.json"

// TestOpenAPI holds the committed web/src/api/openapi.json to what the app
// serves at /api/openapi.json, so that a route or a type changed on the
// server shows up as a changed file and, once regenerated, as a type error
// in the web.
func TestOpenAPI(t *testing.T) {
	e := apptest.New(t, db.SQLite)
	rec := httptest.NewRecorder()
	e.App.Handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/openapi.json: %d", rec.Code)
	}
	var got bytes.Buffer
	if err := json.Indent(&got, rec.Body.Bytes(), "", "  "); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	got.WriteByte('\n')

	if *updateOpenAPI {
		if err := os.WriteFile(openAPIFile, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s; now run `cd web && npm run gen:api`", openAPIFile)
		return
	}
	want, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatalf("%v\nwrite it with: make openapi", err)
	}
	if !bytes.Equal(want, got.Bytes()) {
		t.Fatalf("web/src/api/openapi.json differs from what the app serves.\n" +
			"Rewrite it and the web's types with: make openapi")
	}
}
