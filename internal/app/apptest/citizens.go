package apptest

import (
	"net/http"
	"testing"

	"healthgrid/internal/testkit"
)

// SignUp registers a resident account living in region, with the SMS code
// read from the outbox, and returns it logged in and its phone.
func (e *Env) SignUp(t testing.TB, region string) (*testkit.Client, string) {
	t.Helper()
	phone := Phone(e.Unique())
	c := e.Client(t)
	if st, b := c.Do(http.MethodPost, "/api/v1/auth/sms/send", map[string]string{"phone": phone, "purpose": "register"}); st != 200 {
		t.Fatalf("send a register code: %d %s", st, b)
	}
	st, b := c.Do(http.MethodPost, "/api/v1/public/register", map[string]any{"phone": phone, "code": e.SMS.Last(phone),
		"name": "新居民", "region_code": region})
	if st != http.StatusCreated || b.Str("token") == "" {
		t.Fatalf("register: %d %s", st, b)
	}
	c.Token = b.Str("token")
	return c, phone
}
