package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/audit"
)

// GET /audit/verify keeps {ok, checked} and adds what the anchors say.
func TestVerifyRouteReportsAnchors(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Login(t, "admin")
		_, v := admin.Do("GET", "/api/v1/audit/verify", nil)
		if v.Get("ok") != true || v.Str("anchor_note") != audit.NoAnchorYet || v.Int("anchors") != 0 {
			t.Fatalf("before any anchor: %s", v)
		}
		if _, err := e.App.Anchors.Anchor(context.Background(), audit.AnchorInterval); err != nil {
			t.Fatal(err)
		}
		_, v = admin.Do("GET", "/api/v1/audit/verify", nil)
		if v.Get("ok") != true || v.Int("anchors") != 1 || v.Int("anchored_seq") < 3 || v.Int("anchored_seq") != v.Int("checked") {
			t.Fatalf("after an anchor: %s", v)
		}
		if at, err := time.Parse(time.RFC3339Nano, v.Str("anchor_time")); err != nil || !at.Equal(e.Clock.Now()) {
			t.Fatalf("anchor_time %q, want %s", v.Str("anchor_time"), e.Clock.Now())
		}
		keep := v.Int("anchored_seq") - 2
		for _, s := range []string{"DELETE FROM audit_log WHERE seq > ?",
			"UPDATE audit_head SET hash = (SELECT hash FROM audit_log WHERE seq = ?) WHERE id = 1",
			"UPDATE audit_head SET seq = ? WHERE id = 1"} {
			if _, err := e.App.DB.Exec(context.Background(), s, keep); err != nil {
				t.Fatal(err)
			}
		}
		_, v = admin.Do("GET", "/api/v1/audit/verify", nil)
		if v.Get("ok") != false || !strings.Contains(v.Str("reason"), "records missing") {
			t.Fatalf("after the truncation: %s", v)
		}
	})
}
