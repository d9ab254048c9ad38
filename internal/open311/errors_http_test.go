package open311_test

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
)

// TestOpen311Errors: each refusal has the spec's body — a list of {code,
// description} whose code is the HTTP status and whose description starts
// with the parameter at fault.
func TestOpen311Errors(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		home := e.City.Keys[apptest.Home].Secret
		revoked := e.NewKey(t, apptest.Home)
		if _, err := e.App.APIKeys.Revoke(t.Context(), e.System(t), revoked.ID); err != nil {
			t.Fatal(err)
		}
		with := func(edit func(v url.Values)) string {
			v := filing(home, apptest.HomeGrid)
			edit(v)
			return v.Encode()
		}
		cases := []struct {
			name, method, path, body string
			status                   int
			field                    string
		}{
			{"no key", "POST", "requests.json", with(func(v url.Values) { v.Del("api_key") }), 403, "api_key"},
			{"unknown key", "POST", "requests.json", with(func(v url.Values) { v.Set("api_key", "hgk_"+strings.Repeat("A", 43)) }), 403, "api_key"},
			{"revoked key", "POST", "requests.json", with(func(v url.Values) { v.Set("api_key", revoked.Secret) }), 403, "api_key"},
			{"a session as key", "GET", "requests.json?api_key=" + e.Login(t, "region_admin").Token, "", 403, "api_key"},
			{"no service_code", "POST", "requests.json", with(func(v url.Values) { v.Del("service_code") }), 400, "service_code"},
			{"unknown service", "POST", "requests.json", with(func(v url.Values) { v.Set("service_code", "NOPE-01") }), 400, "service_code"},
			{"no location", "POST", "requests.json", with(func(v url.Values) { v.Del("lat"); v.Del("long"); v.Del("address_string") }), 400, "lat"},
			{"an address alone", "POST", "requests.json", with(func(v url.Values) { v.Del("lat"); v.Del("long") }), 400, "lat"},
			{"outside the city", "POST", "requests.json", with(func(v url.Values) { v.Set("lat", "30.5"); v.Set("long", "114.3") }), 400, "lat"},
			{"lat not a number", "POST", "requests.json", with(func(v url.Values) { v.Set("lat", "北纬38度") }), 400, "lat"},
			{"long out of range", "POST", "requests.json", with(func(v url.Values) { v.Set("long", "212.7") }), 400, "long"},
			{"bad phone", "POST", "requests.json", with(func(v url.Values) { v.Set("phone", "12345") }), 400, "phone"},
			{"bad email", "POST", "requests.json", with(func(v url.Values) { v.Set("email", "张三 at example") }), 400, "email"},
			{"bad media_url", "POST", "requests.json", with(func(v url.Values) { v.Set("media_url", "ftp://img/1.jpg") }), 400, "media_url"},
			{"description too long", "POST", "requests.json", with(func(v url.Values) { v.Set("description", strings.Repeat("脏", 4001)) }), 400, "description"},
			{"control character in a name", "POST", "requests.json", with(func(v url.Values) { v.Set("last_name", "张\x00") }), 400, "last_name"},
			{"override in a description", "POST", "requests.json", with(func(v url.Values) { v.Set("description", "楼道\u202e物杂") }), 400, "description"},
			{"line break in an address", "POST", "requests.json", with(func(v url.Values) { v.Set("address_string", "东大街\n1号") }), 400, "address_string"},
			{"lat NaN", "POST", "requests.json", with(func(v url.Values) { v.Set("lat", "NaN") }), 400, "lat"},
			{"unknown jurisdiction", "POST", "requests.json", with(func(v url.Values) { v.Set("jurisdiction_id", "110000000000") }), 404, "jurisdiction_id"},
			{"unknown status", "GET", "requests.json?status=pending&api_key=" + home, "", 400, "status"},
			{"bad start_date", "GET", "requests.json?start_date=2026-11-01&api_key=" + home, "", 400, "start_date"},
			{"over 90 days", "GET", "requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z&api_key=" + home, "", 400, "start_date"},
			{"unknown request", "GET", "requests/SJ20260101000001.json?api_key=" + home, "", 404, "service_request_id"},
			{"unknown format", "GET", "services.csv", "", 404, ""},
			{"service definitions", "GET", "services/HJWS-01.json", "", 404, ""},
			{"wrong method", "PUT", "requests.json", "", 405, ""},
		}
		c := geo(t, e)
		for _, tc := range cases {
			st, b := c.Do(tc.method, "/open311/v2/"+tc.path, tc.body)
			if st != tc.status || b.Int("0.code") != tc.status || !strings.HasPrefix(b.Str("0.description"), tc.field) {
				t.Errorf("%s: %d %s, want %d naming %s", tc.name, st, b, tc.status, tc.field)
			}
		}
		st, b := c.Do(http.MethodPost, "/open311/v2/requests.xml", with(func(v url.Values) { v.Del("service_code"); v.Set("email", "x") }))
		var doc struct {
			XMLName xml.Name
			Errors  []struct {
				Code        int    `xml:"code"`
				Description string `xml:"description"`
			} `xml:"error"`
		}
		if err := xml.Unmarshal(b, &doc); st != 400 || err != nil || doc.XMLName.Local != "errors" || len(doc.Errors) != 2 ||
			doc.Errors[0].Code != 400 || !strings.HasPrefix(doc.Errors[0].Description, "service_code:") ||
			!strings.HasPrefix(doc.Errors[1].Description, "email:") {
			t.Errorf("two field errors as XML: %d %v %s", st, err, b)
		}
		var n int
		if err := e.App.DB.QueryRow(t.Context(), "SELECT COUNT(*) FROM events WHERE source = 'open311'").Scan(&n); err != nil || n != 0 {
			t.Errorf("refused requests left %d events (%v)", n, err)
		}
	})
}

// TestOpen311Matrix sends every Open311 route as every kind of caller: no
// key, a wrong, revoked or session token, and the keys of the request's own
// county and of the other one.
func TestOpen311Matrix(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		home, other := e.City.Keys[apptest.Home].Secret, e.City.Keys[apptest.Other].Secret
		revoked := e.NewKey(t, apptest.Home)
		e.App.APIKeys.Revoke(t.Context(), e.System(t), revoked.ID)
		num := numberOf(t, e, e.City.Events[apptest.HomeGrid])
		callers := map[string]string{"none": "", "wrong": "hgk_" + strings.Repeat("x", 43), "revoked": revoked.Secret,
			"session": e.Login(t, "sysadmin").Token, "home": home, "other": other}
		routes := []struct {
			method, path string
			want         map[string]int // by caller; absent: 403
		}{
			{"GET", "discovery.json", map[string]int{"none": 200, "wrong": 200, "revoked": 200, "session": 200, "home": 200, "other": 200}},
			{"GET", "services.json", map[string]int{"none": 200, "home": 200, "other": 200}},
			{"GET", "services.xml", map[string]int{"none": 200, "home": 200, "other": 200}},
			{"GET", "requests.json", map[string]int{"home": 200, "other": 200}},
			{"GET", "requests.xml", map[string]int{"home": 200, "other": 200}},
			{"GET", "requests/" + num + ".json", map[string]int{"home": 200, "other": 404}},
			{"GET", "requests/" + num + ".xml", map[string]int{"home": 200, "other": 404}},
			{"POST", "requests.json", map[string]int{"home": 201}},
			{"POST", "requests.xml", map[string]int{"home": 201}},
		}
		c := geo(t, e)
		for _, r := range routes {
			// each route starts with a clean count: the limit has a test of its own
			if _, err := e.App.DB.Exec(t.Context(), "DELETE FROM api_key_failures"); err != nil {
				t.Fatal(err)
			}
			for name, key := range callers {
				v := url.Values{}
				if r.method == http.MethodPost {
					v = filing(key, apptest.HomeGrid)
				}
				if key == "" {
					v.Del("api_key")
				} else {
					v.Set("api_key", key)
				}
				path, body := "/open311/v2/"+r.path+"?"+v.Encode(), ""
				if r.method == http.MethodPost {
					path, body = "/open311/v2/"+r.path, v.Encode()
				}
				want, ok := r.want[name]
				if !ok {
					want = 403
				}
				if st, b := c.Do(r.method, path, body); st != want {
					t.Errorf("%s %s as %s: %d, want %d: %s", r.method, r.path, name, st, want, b)
				}
			}
		}
	})
}

// TestOpen311BruteForce: past 20 wrong keys from one address, every key from
// there is refused with 429 and a Retry-After, in the spec's error format.
func TestOpen311BruteForce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := geo(t, e)
		for i := 0; i < 20; i++ {
			if st, b := c.Do(http.MethodGet, "/open311/v2/requests.json?api_key=guess"+strings.Repeat("x", i), nil); st != 403 {
				t.Fatalf("guess %d: %d %s", i+1, st, b)
			}
		}
		home := e.City.Keys[apptest.Home].Secret
		st, b := c.Do(http.MethodGet, "/open311/v2/requests.json?api_key="+home, nil)
		if st != http.StatusTooManyRequests || b.Int("0.code") != 429 || c.Last.Header.Get("Retry-After") != "900" {
			t.Errorf("the right key after 20 guesses: %d %s (Retry-After %q)", st, b, c.Last.Header.Get("Retry-After"))
		}
		c.Token = home // as a bearer on /api/v1, refused alike
		if st, b := c.Do(http.MethodGet, "/api/v1/events", nil); st != http.StatusUnauthorized {
			t.Errorf("the key as a bearer after 20 guesses: %d %s", st, b)
		}
	})
}
