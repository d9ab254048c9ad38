package auth_test

import (
	"strings"
	"testing"
	"time"

	"healthgrid/internal/app/apptest"
)

// TestSignUp registers a resident with an SMS code, keeps the send answer
// the same for a phone with an account, resets the password by SMS and
// limits sign-ups per phone.
func TestSignUp(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c, phone := e.SignUp(t, apptest.HomeVillage)
		if st, b := c.Do("GET", "/api/v1/me", nil); st != 200 || b.Str("kind") != "resident" || b.Str("roles.0") != "resident" ||
			b.Str("region_code") != apptest.HomeVillage || strings.Contains(b.Str("username"), phone) {
			t.Errorf("me: %d %s", st, b)
		}
		// a second sign-up of the same phone: the same answer, a text without a code
		staff := e.NewUser(t, apptest.HomeGrid, "grid_worker")
		fresh := apptest.Phone(e.Unique())
		_, a := e.Client(t).Do("POST", "/api/v1/auth/sms/send", map[string]string{"phone": staff.Phone, "purpose": "register"})
		_, b := e.Client(t).Do("POST", "/api/v1/auth/sms/send", map[string]string{"phone": fresh, "purpose": "register"})
		if a.String() != b.String() {
			t.Errorf("answers differ: %s / %s", a, b)
		}
		if texts := e.SMS.Texts(staff.Phone); len(texts) != 1 || !strings.Contains(texts[0], "已注册") || e.SMS.Last(staff.Phone) != "" {
			t.Errorf("the account's phone is told, without a code: %q", texts)
		}
		if st, b := e.Client(t).Do("POST", "/api/v1/public/register", map[string]any{"phone": staff.Phone, "code": "123456",
			"name": "冒名", "region_code": apptest.HomeVillage}); st != 401 {
			t.Errorf("register a taken phone: %d %s", st, b)
		}
		// a region above the village is refused, saying so
		if st, b := e.Client(t).Do("POST", "/api/v1/public/register", map[string]any{"phone": fresh, "code": e.SMS.Last(fresh),
			"name": "李", "region_code": apptest.HomeTownship}); st != 422 || !strings.Contains(b.String(), "auth.register_region") {
			t.Errorf("township: %d %s", st, b)
		}
		// reset: a code only to an existing account, the same answer either way
		nobody := apptest.Phone(e.Unique())
		e.Clock.Advance(time.Minute) // past the phone's cooldown
		_, a = e.Client(t).Do("POST", "/api/v1/auth/sms/send", map[string]string{"phone": phone, "purpose": "reset"})
		_, b = e.Client(t).Do("POST", "/api/v1/auth/sms/send", map[string]string{"phone": nobody, "purpose": "reset"})
		if a.String() != b.String() || len(e.SMS.Texts(nobody)) != 0 {
			t.Errorf("reset answers: %s / %s, texts %q", a, b, e.SMS.Texts(nobody))
		}
		if st, b := e.Client(t).Do("POST", "/api/v1/public/password/reset", map[string]any{"phone": phone, "code": e.SMS.Last(phone),
			"password": "Xinzhou@2026"}); st != 204 {
			t.Fatalf("reset: %d %s", st, b)
		}
		if st, _ := c.Do("GET", "/api/v1/me", nil); st != 401 {
			t.Errorf("the old session outlives the reset: %d", st)
		}
		// a resident signs in with the phone, the account name being generated
		if st, b := e.Client(t).Do("POST", "/api/v1/auth/login", map[string]any{"username": phone, "password": "Xinzhou@2026"}); st != 200 ||
			b.Str("user.roles.0") != "resident" {
			t.Errorf("password login by phone: %d %s", st, b)
		}
		if st, _ := e.Client(t).Do("POST", "/api/v1/auth/login", map[string]any{"username": phone, "password": "Wrong@2026x"}); st != 401 {
			t.Errorf("a wrong password by phone: %d", st)
		}
		// the sign-up limit per phone: wrong codes count too
		other := apptest.Phone(e.Unique())
		var st int
		for range 6 {
			st, b = e.Client(t).Do("POST", "/api/v1/public/register", map[string]any{"phone": other, "code": "000000",
				"name": "试", "region_code": apptest.HomeVillage})
		}
		if st != 429 || !strings.Contains(b.String(), "quota.signup") {
			t.Errorf("sixth sign-up of a phone: %d %s", st, b)
		}
	})
}
