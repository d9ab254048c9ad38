package apptest

import "testing"

// TestIDNumberDistinct: the fixtures draw ID numbers from ranges far apart
// (40000+n, 60000+n, …); no two n below the stated bound share one.
func TestIDNumberDistinct(t *testing.T) {
	seen := make(map[string]int, 1050000)
	for n := range 1050000 {
		id := IDNumber(n)
		if m, ok := seen[id]; ok {
			t.Fatalf("IDNumber(%d) = IDNumber(%d) = %s", n, m, id)
		}
		seen[id] = n
	}
}
