package apikey_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"healthgrid/internal/access"
	"healthgrid/internal/apikey"
	"healthgrid/internal/apperr"
	"healthgrid/internal/audit"
	"healthgrid/internal/db"
	"healthgrid/internal/region"
	"healthgrid/internal/testkit"
)

const (
	city   = "140900000000"
	home   = "140902000000" // 忻府区
	other  = "140921000000" // 定襄县
	street = "140902001000"
)

type fixture struct {
	keys  *apikey.Service
	audit *audit.Log
	clock *testkit.Clock
	d     *db.DB
	admin *access.Principal // region admin of home
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	c := testkit.NewClock(time.Date(2026, 11, 23, 2, 0, 0, 0, time.UTC))
	al := audit.New(audit.Deps{DB: d, Key: []byte("k"), Now: c.Now})
	regions := region.New(region.Deps{DB: d, Audit: al, Now: c.Now})
	if err := regions.Seed(ctx, []region.Input{{Code: city, Name: "忻州市"}, {Code: home, Name: "忻府区"},
		{Code: street, Name: "秀容街道"}, {Code: other, Name: "定襄县"}}); err != nil {
		t.Fatal(err)
	}
	admin := &access.Principal{UserID: "u-xinfu", Username: "xinfu", Name: "忻府区管理员", RegionCode: home,
		RegionPath: city + "/" + home + "/", Perms: map[string]bool{"apikey:manage": true}}
	return &fixture{keys: apikey.New(apikey.Deps{DB: d, Audit: al, Regions: regions, Now: c.Now}), audit: al, clock: c, d: d, admin: admin}
}

// from is a request context from the client address ip.
func from(ip string) context.Context {
	return access.WithRequest(context.Background(), access.Request{ID: "r", IP: ip})
}

func TestKeyLifecycle(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := access.With(from("10.0.0.1"), f.admin)
		c, err := f.keys.Create(ctx, f.admin, apikey.Input{Name: " 12345 热线 ", RegionCode: street})
		if err != nil {
			t.Fatal(err)
		}
		if !apikey.IsKey(c.Secret) || c.Name != "12345 热线" || c.Status != apikey.Active || c.RegionName != "秀容街道" ||
			!strings.HasPrefix(c.Secret, c.Prefix) || len(c.Prefix) != 12 || c.CreatedByName != "忻府区管理员" {
			t.Fatalf("created: %+v", c)
		}
		// the secret is stored as its hash only, and shown by no read
		var stored string
		if err := d.QueryRow(ctx, "SELECT secret_hash FROM api_keys WHERE id = ?", c.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(c.Secret))
		if stored != hex.EncodeToString(sum[:]) {
			t.Errorf("secret_hash %q is not the secret's SHA-256", stored)
		}
		row := d.QueryRow(ctx, "SELECT id, name, region_code, region_path, prefix, secret_hash, created_by, created_by_name FROM api_keys")
		cols := make([]string, 8)
		if err := row.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7]); err != nil {
			t.Fatal(err)
		}
		for _, v := range cols {
			if strings.Contains(v, c.Secret[len(c.Prefix):]) {
				t.Errorf("a column holds the secret: %q", v)
			}
		}
		got, err := f.keys.Get(ctx, f.admin.RegionPath, c.ID)
		raw, _ := json.Marshal(got)
		if err != nil || strings.Contains(string(raw), c.Secret) || strings.Contains(string(raw), `"secret"`) {
			t.Errorf("get: %s %v", raw, err)
		}

		p, err := f.keys.Authenticate(from("10.0.0.2"), c.Secret)
		if err != nil {
			t.Fatal(err)
		}
		if p.UserID != c.ID || p.Name != "12345 热线" || !p.HasRole("partner") || !p.Can("event:report") || !p.Can("event:read") ||
			p.Can("event:dispatch") || p.RegionPath != city+"/"+home+"/"+street+"/" || p.CSRF != "" {
			t.Errorf("principal: %+v", p)
		}
		used := func() time.Time {
			k, err := f.keys.Get(ctx, f.admin.RegionPath, c.ID)
			if err != nil || k.LastUsedAt == nil {
				t.Fatalf("last used: %+v %v", k, err)
			}
			return *k.LastUsedAt
		}
		first := used()
		f.clock.Advance(30 * time.Second)
		f.keys.Authenticate(from("10.0.0.2"), c.Secret)
		if !used().Equal(first) {
			t.Errorf("last_used_at written again within a minute")
		}
		f.clock.Advance(time.Minute)
		f.keys.Authenticate(from("10.0.0.2"), c.Secret)
		if !used().After(first) {
			t.Errorf("last_used_at not moved on after a minute")
		}

		if _, err := f.keys.Revoke(ctx, f.admin, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.Revoke(ctx, f.admin, c.ID); !errors.Is(err, apperr.ErrConflict) {
			t.Errorf("revoke twice: %v", err)
		}
		if _, err := f.keys.Authenticate(from("10.0.0.2"), c.Secret); !errors.Is(err, apikey.ErrBadKey) {
			t.Errorf("a revoked key: %v", err)
		}
		k, _ := f.keys.Get(ctx, f.admin.RegionPath, c.ID)
		if k.Status != apikey.Revoked || k.RevokedAt == nil || k.RevokedByName != "忻府区管理员" {
			t.Errorf("revoked: %+v", k)
		}
		entries, _, err := f.audit.List(ctx, f.admin.RegionPath, audit.Filter{Action: "apikey."}, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action+":"+e.Outcome+":"+e.ObjectID)
		}
		want := "apikey.auth:failure:" + c.ID + " apikey.revoke:success:" + c.ID + " apikey.create:success:" + c.ID
		if strings.Join(actions, " ") != want {
			t.Errorf("audit: %v, want %s", actions, want)
		}
		if v, err := f.audit.Verify(ctx); err != nil || !v.OK {
			t.Errorf("audit chain: %+v %v", v, err)
		}
	})
}

func TestKeyScope(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := from("10.0.0.1")
		cityAdmin := &access.Principal{UserID: "u-admin", Username: "admin", RegionPath: city + "/"}
		theirs, err := f.keys.Create(ctx, cityAdmin, apikey.Input{Name: "定襄县12345", RegionCode: other})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := f.keys.Create(ctx, f.admin, apikey.Input{Name: "忻府区APP", RegionCode: home})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.keys.Create(ctx, f.admin, apikey.Input{Name: "", RegionCode: other})
		var inv apperr.Invalid
		if !errors.As(err, &inv) || len(inv) != 2 || inv[0].Field != "body.name" || inv[1].Field != "body.region_code" {
			t.Errorf("a key beside the caller's scope, without a name: %v", err)
		}
		if _, err := f.keys.Create(ctx, f.admin, apikey.Input{Name: "全市", RegionCode: city}); !errors.As(err, &inv) {
			t.Errorf("a key above the caller's scope: %v", err)
		}
		if _, err := f.keys.Get(ctx, f.admin.RegionPath, theirs.ID); !errors.Is(err, apikey.ErrNotFound) {
			t.Errorf("get beside the scope: %v", err)
		}
		if _, err := f.keys.Revoke(ctx, f.admin, theirs.ID); !errors.Is(err, apikey.ErrNotFound) {
			t.Errorf("revoke beside the scope: %v", err)
		}
		items, total, err := f.keys.List(ctx, f.admin.RegionPath, apikey.Filter{}, 0, 20)
		if err != nil || total != 1 || len(items) != 1 || items[0].ID != mine.ID {
			t.Errorf("list in scope: %+v %d %v", items, total, err)
		}
		all, total, _ := f.keys.List(ctx, cityAdmin.RegionPath, apikey.Filter{Status: apikey.Active}, 0, 20)
		if total != 2 || all[0].ID != mine.ID {
			t.Errorf("the city's list, newest first: %+v", all)
		}
		f.keys.Revoke(ctx, cityAdmin, theirs.ID)
		if revoked, total, _ := f.keys.List(ctx, cityAdmin.RegionPath, apikey.Filter{Status: apikey.Revoked}, 0, 20); total != 1 ||
			revoked[0].ID != theirs.ID {
			t.Errorf("revoked keys: %+v", revoked)
		}
	})
}

// TestBruteForce: wrong keys from one address are answered ErrBadKey up to
// the limit; then every key from there, the right one too, is refused with
// a Retry-After until the oldest failure leaves the window, while other
// addresses go on.
func TestBruteForce(t *testing.T) {
	testkit.EachDB(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		c, err := f.keys.Create(from("10.0.0.1"), f.admin, apikey.Input{Name: "热线", RegionCode: home})
		if err != nil {
			t.Fatal(err)
		}
		attacker := from("203.0.113.9")
		wrong := c.Secret[:len(c.Secret)-4] + "AAAA"
		for i := 0; i < 20; i++ {
			guess := wrong
			if i%2 == 1 {
				guess = "not-a-key"
			}
			if _, err := f.keys.Authenticate(attacker, guess); !errors.Is(err, apikey.ErrBadKey) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
			f.clock.Advance(10 * time.Second)
		}
		var many apperr.TooMany
		if _, err := f.keys.Authenticate(attacker, c.Secret); !errors.As(err, &many) || many.RetryAfter != 15*60-200 {
			t.Fatalf("past the limit, the right key: %v (retry after %d)", err, many.RetryAfter)
		}
		if _, err := f.keys.Authenticate(from("10.0.0.7"), c.Secret); err != nil {
			t.Errorf("another address: %v", err)
		}
		rows, err := d.Query(context.Background(), "SELECT actor, ip FROM audit_log WHERE action = 'apikey.auth'")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var actor, ip string
			rows.Scan(&actor, &ip)
			if n++; len(actor) > 12 || ip != "203.0.113.9" {
				t.Errorf("audit of a wrong key: actor %q (at most the part a list shows), ip %q", actor, ip)
			}
		}
		rows.Close()
		if n != 20 {
			t.Errorf("%d wrong keys audited, want 20", n)
		}
		f.clock.Advance(time.Duration(many.RetryAfter) * time.Second)
		if _, err := f.keys.Authenticate(attacker, c.Secret); err != nil {
			t.Errorf("once the oldest failure left the window: %v", err)
		}
		dropped, err := f.keys.CleanupExpired(context.Background())
		if err != nil || dropped != 1 {
			t.Errorf("cleanup: %d %v, want the one failure out of the window", dropped, err)
		}
	})
}
