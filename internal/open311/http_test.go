package open311_test

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/matter"
	"healthgrid/internal/testkit"
)

// geo is a client of the Open311 endpoint: forms in, as the spec sends them.
func geo(t *testing.T, e *apptest.Env) *testkit.Client {
	c := e.Client(t)
	c.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c
}

// filing is a valid service request in grid with key.
func filing(key, grid string) url.Values {
	lng, lat := apptest.GridPoint(grid)
	return url.Values{"api_key": {key}, "service_code": {"HJWS-01"}, "lat": {fmt.Sprint(lat)}, "long": {fmt.Sprint(lng)},
		"description": {"楼道堆放杂物\n已两周无人清理"}, "address_string": {"东大街1号楼2单元"}, "first_name": {"三"},
		"last_name": {"张"}, "phone": {"139 1234 5678"}, "email": {"zhangsan@example.cn"}, "device_id": {"dev-42"},
		"media_url": {"https://img.example.cn/1.jpg"}}
}

// file posts a request and returns its id (the event number).
func file(t *testing.T, e *apptest.Env, v url.Values) string {
	t.Helper()
	st, b := geo(t, e).Do(http.MethodPost, "/open311/v2/requests.json", v.Encode())
	if st != http.StatusCreated || !strings.HasPrefix(b.Str("0.service_request_id"), "SJ") {
		t.Fatalf("file a request: %d %s", st, b)
	}
	return b.Str("0.service_request_id")
}

// numberOf is the number of a fixture event.
func numberOf(t *testing.T, e *apptest.Env, id string) string {
	t.Helper()
	ev, err := e.App.Events.Get(context.Background(), e.System(t), id)
	if err != nil {
		t.Fatal(err)
	}
	return ev.Number
}

// ids are the service_request_ids of a GET answer.
func requestIDs(t *testing.T, b testkit.Body) []string {
	t.Helper()
	var list []struct {
		ID string `json:"service_request_id"`
	}
	if err := b.Decode(&list); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	var out []string
	for _, r := range list {
		out = append(out, r.ID)
	}
	return out
}

func TestOpen311Services(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, c := context.Background(), geo(t, e)
		enabled := true
		want, err := e.App.Matters.List(ctx, matter.Filter{Enabled: &enabled})
		if err != nil {
			t.Fatal(err)
		}
		st, b := c.Do(http.MethodGet, "/open311/v2/services.json", nil)
		var list []map[string]any
		if st != http.StatusOK || b.Decode(&list) != nil || len(list) != len(want) || len(want) < 25 {
			t.Fatalf("services: %d, %d of %d: %s", st, len(list), len(want), b)
		}
		first := list[0]
		if first["service_code"] != want[0].Code || first["service_name"] != want[0].Name || first["metadata"] != false ||
			first["type"] != "realtime" || first["group"] != "环境卫生" || first["keywords"] != "公共卫生,环境卫生" ||
			first["description"] != want[0].Description {
			t.Errorf("first service: %v", first)
		}
		m := want[0]
		m.Enabled = false
		if _, err := e.App.Matters.Update(ctx, m.Code, m.Input); err != nil {
			t.Fatal(err)
		}
		st, b = c.Do(http.MethodGet, "/open311/v2/services.xml?api_key="+e.City.Keys[apptest.Home].Secret, nil)
		var doc struct {
			XMLName  xml.Name
			Services []struct {
				Code     string `xml:"service_code"`
				Metadata bool   `xml:"metadata"`
				Group    string `xml:"group"`
			} `xml:"service"`
		}
		if st != http.StatusOK || !strings.HasPrefix(b.String(), `<?xml version="1.0" encoding="UTF-8"?>`) ||
			xml.Unmarshal(b, &doc) != nil || doc.XMLName.Local != "services" || len(doc.Services) != len(want)-1 ||
			doc.Services[0].Code == m.Code || doc.Services[0].Group == "" {
			t.Errorf("services.xml with a matter disabled: %d %s", st, b)
		}
		if ct := c.Last.Header.Get("Content-Type"); ct != "text/xml; charset=utf-8" {
			t.Errorf("xml content type: %s", ct)
		}
		st, b = c.Do(http.MethodGet, "/open311/v2/discovery.json", nil)
		if st != http.StatusOK || b.Str("endpoints.0.specification") != "http://wiki.open311.org/GeoReport_v2" ||
			!strings.HasSuffix(b.Str("endpoints.0.url"), "/open311/v2") {
			t.Errorf("discovery: %d %s", st, b)
		}
	})
}

// TestOpen311Requests files a request as a hotline would, finds the event in
// the console where the point placed it, and tracks it through the workflow.
func TestOpen311Requests(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		st, k := e.Login(t, "region_admin").Do(http.MethodPost, "/api/v1/api-keys",
			map[string]string{"name": "12345 热线", "region_code": apptest.Home})
		if st != http.StatusCreated || k.Str("secret") == "" {
			t.Fatalf("issue a key: %d %s", st, k)
		}
		key := k.Str("secret")
		c := geo(t, e)
		st, b := c.Do(http.MethodPost, "/open311/v2/requests.json", filing(key, apptest.HomeGrid).Encode())
		num := b.Str("0.service_request_id")
		if st != http.StatusCreated || !strings.HasPrefix(num, "SJ") || !strings.Contains(b.Str("0.service_notice"), num) {
			t.Fatalf("file: %d %s", st, b)
		}

		centre := e.Login(t, "dispatcher")
		st, b = centre.Do(http.MethodGet, "/api/v1/events?source=open311", nil)
		if st != http.StatusOK || b.Int("total") != 1 || b.Str("items.0.number") != num || b.Str("items.0.grid_code") != apptest.HomeGrid ||
			b.Str("items.0.title") != "楼道堆放杂物" || b.Str("items.0.reporter_name") != "张三" ||
			b.Str("items.0.reporter_phone") != "139****5678" || b.Str("items.0.status") != "reported" {
			t.Fatalf("the event in the console: %d %s", st, b)
		}
		id := b.Str("items.0.id")
		var phoneEnc, emailEnc string
		if err := e.App.DB.QueryRow(ctx, "SELECT reporter_phone_enc FROM events WHERE id = ?", id).Scan(&phoneEnc); err != nil {
			t.Fatal(err)
		}
		if err := e.App.DB.QueryRow(ctx, "SELECT email_enc FROM open311_requests WHERE event_id = ?", id).Scan(&emailEnc); err != nil {
			t.Fatal(err)
		}
		if phoneEnc == "" || strings.Contains(phoneEnc, "5678") || emailEnc == "" || strings.Contains(emailEnc, "zhangsan") {
			t.Errorf("personal data at rest: phone %q, email %q", phoneEnc, emailEnc)
		}

		get := func(path string) testkit.Body {
			t.Helper()
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			st, b := c.Do(http.MethodGet, path+sep+"api_key="+url.QueryEscape(key), nil)
			if st != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, st, b)
			}
			for _, personal := range []string{"5678", "zhangsan", "张三", "dev-42"} {
				if strings.Contains(b.String(), personal) {
					t.Errorf("GET %s shows %q: %s", path, personal, b)
				}
			}
			return b
		}
		b = get("/open311/v2/requests/" + num + ".json?jurisdiction_id=" + apptest.CityCode)
		lng, lat := apptest.GridPoint(apptest.HomeGrid)
		if b.Str("0.service_request_id") != num || b.Str("0.status") != "open" || b.Str("0.service_code") != "HJWS-01" ||
			b.Str("0.service_name") == "" || b.Str("0.description") != "楼道堆放杂物\n已两周无人清理" || b.Get("0.lat") != lat ||
			b.Get("0.long") != lng || b.Str("0.address") != "东大街1号楼2单元" || b.Str("0.media_url") != "https://img.example.cn/1.jpg" ||
			b.Str("0.requested_datetime") != "2026-11-23T10:00:00+08:00" || b.Str("0.expected_datetime") == "" ||
			b.Str("0.agency_responsible") != "" || !strings.HasPrefix(b.Str("0.status_notes"), "已收到") {
			t.Errorf("the request: %s", b)
		}

		cdc := e.City.Units["cdc:"+apptest.Home]
		for _, action := range []map[string]any{{"action": "register"}, {"action": "dispatch", "lead_unit_id": cdc}} {
			if st, b := centre.Do(http.MethodPost, "/api/v1/events/"+id+"/actions", action); st != http.StatusOK {
				t.Fatalf("%v: %d %s", action, st, b)
			}
		}
		_, ev := centre.Do(http.MethodGet, "/api/v1/events/"+id, nil)
		b = get("/open311/v2/requests.json?status=open&service_code=HJWS-01,CRB-01")
		if got := requestIDs(t, b); !slices.Contains(got, num) || b.Str("0.agency_responsible") != ev.Str("tasks.0.unit_name") ||
			b.Str("0.status_notes") != "处置中 / being handled" || b.Str("0.expected_datetime") == "" {
			t.Errorf("dispatched, listed open: %v %s", got, b)
		}
		for _, query := range []string{"status=closed", "service_code=CRB-01", "end_date=2026-11-23T09:59:59%2B08:00"} {
			if got := requestIDs(t, get("/open311/v2/requests.json?"+query)); slices.Contains(got, num) {
				t.Errorf("?%s lists it: %v", query, got)
			}
		}
		home, other := numberOf(t, e, e.City.Events[apptest.HomeGrid]), numberOf(t, e, e.City.Events[apptest.OtherGrid])
		if got := requestIDs(t, get("/open311/v2/requests.json")); !slices.Contains(got, num) || !slices.Contains(got, home) ||
			slices.Contains(got, other) {
			t.Errorf("the last 90 days in the key's region: %v", got)
		}

		b = get("/open311/v2/requests.xml?service_request_id=" + num + "," + other)
		var doc struct {
			XMLName  xml.Name
			Requests []struct {
				ID     string   `xml:"service_request_id"`
				Status string   `xml:"status"`
				Lat    *float64 `xml:"lat"`
			} `xml:"request"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil || doc.XMLName.Local != "service_requests" || len(doc.Requests) != 1 ||
			doc.Requests[0].ID != num || doc.Requests[0].Status != "open" || doc.Requests[0].Lat == nil {
			t.Errorf("requests.xml by ids (one beside the key's region): %v %s", err, b)
		}
	})
}

// TestOpen311Scope: a county's key files and reads only its county's events.
func TestOpen311Scope(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		home, other := e.City.Keys[apptest.Home].Secret, e.City.Keys[apptest.Other].Secret
		c := geo(t, e)
		st, b := c.Do(http.MethodPost, "/open311/v2/requests.json", filing(other, apptest.HomeGrid).Encode())
		if st != http.StatusForbidden || b.Int("0.code") != 403 || !strings.HasPrefix(b.Str("0.description"), "lat:") {
			t.Errorf("定襄县's key files in 忻府区: %d %s", st, b)
		}
		num := file(t, e, filing(home, apptest.HomeGrid))
		theirs := file(t, e, filing(other, apptest.OtherGrid))
		for _, path := range []string{"/open311/v2/requests/" + num + ".json", "/open311/v2/requests/" + num + ".xml"} {
			if st, b := c.Do(http.MethodGet, path+"?api_key="+other, nil); st != http.StatusNotFound || strings.Contains(b.String(), "HJWS") {
				t.Errorf("GET %s with 定襄县's key: %d %s", path, st, b)
			}
		}
		st, b = c.Do(http.MethodGet, "/open311/v2/requests.json?api_key="+other, nil)
		got := requestIDs(t, b)
		want := []string{theirs, numberOf(t, e, e.City.Events[apptest.OtherGrid])}
		if slices.Sort(got); st != http.StatusOK || !slices.Equal(got, slices.Sorted(slices.Values(want))) {
			t.Errorf("定襄县's key lists %v, want %v", got, want)
		}
		if _, b := c.Do(http.MethodGet, "/open311/v2/requests.json?service_request_id="+num+"&api_key="+other, nil); b.String() != "[]\n" {
			t.Errorf("asked for 忻府区's request by id: %s", b)
		}
		// a console user's session cookie is no credential here, nor asks a city app for a CSRF token
		browser := e.Login(t, apptest.Admin)
		browser.Token = ""
		browser.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if st, b := browser.Do(http.MethodPost, "/open311/v2/requests.json", filing(home, apptest.HomeGrid).Encode()); st != http.StatusCreated {
			t.Errorf("a POST beside a session cookie: %d %s", st, b)
		}
		if st, b := browser.Do(http.MethodGet, "/open311/v2/requests.json", nil); st != http.StatusForbidden {
			t.Errorf("a session cookie without a key: %d %s", st, b)
		}
		st, b = c.Do(http.MethodGet, "/open311/v2/requests.json?jurisdiction_id="+apptest.Other+"&api_key="+other, nil)
		if st != http.StatusNotFound || !strings.HasPrefix(b.Str("0.description"), "jurisdiction_id:") {
			t.Errorf("a county as the jurisdiction: %d %s", st, b)
		}
	})
}
