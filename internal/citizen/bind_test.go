package citizen_test

import (
	"strings"
	"testing"

	"healthgrid/internal/app/apptest"
	"healthgrid/internal/population"
	"healthgrid/internal/testkit"
)

func bind(t *testing.T, c *testkit.Client, name, id string) (int, testkit.Body) {
	t.Helper()
	return c.Do("POST", "/api/v1/public/me/bind", map[string]string{"name": name, "id_number": id})
}

// TestBinding binds new residents' accounts: a match links the account to
// the resident and moves it to their grid; no record, a wrong name or an ID
// another account holds are claims the community confirms or rejects; the
// tries are limited.
func TestBinding(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		head, err := e.App.People.Get(t.Context(), e.System(t).RegionPath, e.City.People["resident:"+apptest.PeopleGrid])
		if err != nil {
			t.Fatal(err)
		}
		me, _ := e.SignUp(t, apptest.HomeVillage)
		if _, b := me.Do("GET", "/api/v1/public/me", nil); b.Str("binding") != "none" {
			t.Errorf("before: %s", b)
		}
		if st, b := bind(t, me, "张三", "140902195001010000"); st != 422 || !strings.Contains(b.String(), "bad_id_number") {
			t.Errorf("a bad ID: %d %s", st, b)
		}
		if st, b := bind(t, me, head.Name, apptest.IDNumber(900)); st != 200 || b.Str("status") != "linked" {
			t.Fatalf("match: %d %s", st, b)
		}
		_, b := me.Do("GET", "/api/v1/public/me", nil)
		if b.Str("binding") != "linked" || b.Str("resident.id") != head.ID || !strings.Contains(b.Str("resident.id_number"), "****") ||
			b.Str("household.0.name") != head.Name || b.Str("household.0.id_number") == apptest.IDNumber(900) {
			t.Errorf("profile: %s", b)
		}
		if _, b := me.Do("GET", "/api/v1/me", nil); b.Str("region_code") != apptest.PeopleGrid {
			t.Errorf("the account moves to the resident's grid: %s", b)
		}
		if st, _ := bind(t, me, head.Name, apptest.IDNumber(900)); st != 409 {
			t.Errorf("bind again: %d", st)
		}
		sun := apptest.IDNumber(7000 + e.Unique())
		if _, err := e.App.People.Create(t.Context(), e.System(t), population.Input{Name: "孙八", IDNumber: sun,
			GridCode: apptest.PeopleGrid}); err != nil {
			t.Fatal(err)
		}
		// someone else's ID, a wrong name, an ID on no record: claims, told apart by nothing
		claims, phones := map[string]string{}, map[string]string{}
		for reason, in := range map[string][2]string{"taken": {head.Name, apptest.IDNumber(900)},
			"name": {"孙小八", sun}, "no_record": {"赵六", apptest.IDNumber(5000 + e.Unique())}} {
			c, phone := e.SignUp(t, apptest.HomeVillage)
			phones[reason] = phone
			if st, b := bind(t, c, in[0], in[1]); st != 200 || b.String() != `{"status":"claimed"}`+"\n" && b.Str("status") != "claimed" {
				t.Errorf("%s: %d %s", reason, st, b)
			}
			_, b := c.Do("GET", "/api/v1/me", nil)
			claims[reason] = b.Str("id")
		}
		admin := e.Login(t, "region_admin")
		_, b = admin.Do("GET", "/api/v1/resident-accounts?binding=claimed&region="+apptest.HomeVillage, nil)
		if b.Int("total") != 3 {
			t.Errorf("claims: %s", b)
		}
		for i := range 3 {
			if id := b.Str("items." + string(rune('0'+i)) + ".id"); id == claims["taken"] && b.Str("items."+string(rune('0'+i))+".reason") != "taken" {
				t.Errorf("the console sees why: %s", b)
			}
		}
		// the console weighs a claim against the record of its ID number, found by a name or a whole phone
		_, b = admin.Do("GET", "/api/v1/resident-accounts?q=孙小", nil)
		if b.Int("total") != 1 || b.Str("items.0.id") != claims["name"] || b.Str("items.0.match.name") != "孙八" ||
			!strings.Contains(b.Str("items.0.match.id_number"), "****") || b.Str("items.0.match.grid_name") == "" {
			t.Errorf("a claim by the name it gives, with its match: %s", b)
		}
		_, b = admin.Do("GET", "/api/v1/resident-accounts?q="+phones["no_record"], nil)
		if b.Int("total") != 1 || b.Str("items.0.id") != claims["no_record"] || b.Get("items.0.match") != nil {
			t.Errorf("a claim by its phone, without a match: %s", b)
		}
		if st, b := admin.Do("POST", "/api/v1/resident-accounts/"+claims["taken"]+"/claims/confirm", map[string]string{}); st != 409 ||
			!strings.Contains(b.String(), "resident_account.id_taken") {
			t.Errorf("confirm a taken ID: %d %s", st, b)
		}
		if st, b := admin.Do("POST", "/api/v1/resident-accounts/"+claims["no_record"]+"/claims/confirm", nil); st != 409 ||
			!strings.Contains(b.String(), "resident_account.no_record") {
			t.Errorf("confirm without a record: %d %s", st, b)
		}
		if st, b := admin.Do("POST", "/api/v1/resident-accounts/"+claims["no_record"]+"/claims/reject",
			map[string]string{"note": "身份证号有误"}); st != 200 || b.Str("binding") != "rejected" {
			t.Errorf("reject: %d %s", st, b)
		}
		// the name differs (a nickname at sign-up): the grid worker who knows them confirms
		if st, b := e.Login(t, "grid_worker").Do("POST", "/api/v1/resident-accounts/"+claims["name"]+"/claims/confirm",
			map[string]string{"note": "入户核实"}); st != 404 {
			t.Errorf("a grid worker beyond the village-level account: %d %s", st, b)
		}
		if st, b := admin.Do("POST", "/api/v1/resident-accounts/"+claims["name"]+"/claims/confirm",
			map[string]string{"note": "入户核实"}); st != 200 || b.Str("binding") != "linked" || b.Str("region_code") != apptest.PeopleGrid {
			t.Errorf("confirm: %d %s", st, b)
		}
		if st, b := admin.Do("POST", "/api/v1/resident-accounts/"+claims["taken"]+"/disable", nil); st != 200 || b.Str("status") != "disabled" {
			t.Errorf("disable: %d %s", st, b)
		}
		if st, _ := admin.Do("POST", "/api/v1/resident-accounts/"+e.City.Users["grid_worker"]+"/disable", nil); st != 409 {
			t.Errorf("disable staff here: %d", st)
		}
		// five tries an hour
		c, _ := e.SignUp(t, apptest.HomeVillage)
		var st int
		for range 6 {
			st, b = bind(t, c, "钱七", apptest.IDNumber(6000+e.Unique()))
		}
		if st != 429 || !strings.Contains(b.String(), "quota.bind") {
			t.Errorf("sixth bind: %d %s", st, b)
		}
	})
}
