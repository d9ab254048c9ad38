package testkit

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// ListAll pages through a list route of the API as c, 200 items a page,
// and returns every item and the total the route gave.
func ListAll(t testing.TB, c *Client, path string) (items []map[string]any, total int) {
	t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	for page := 1; ; page++ {
		st, b := c.Do(http.MethodGet, fmt.Sprintf("%s%spage=%d&size=200", path, sep, page), nil)
		var l struct {
			Items []map[string]any
			Total int
		}
		if st != http.StatusOK || b.Decode(&l) != nil {
			t.Fatalf("GET %s: %d %s", path, st, b)
		}
		items, total = append(items, l.Items...), l.Total
		if len(l.Items) == 0 || len(items) >= total {
			return items, total
		}
	}
}
