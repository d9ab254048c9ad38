package grid

import (
	"encoding/json"
	"fmt"
	"testing"
)

// TestAreaKept: an area is computed once per boundary, and a changed
// boundary gets its own.
func TestAreaKept(t *testing.T) {
	square := func(side float64) json.RawMessage {
		return fmt.Appendf(nil, `{"type":"Polygon","coordinates":[[[112,38],[%g,38],[%g,%g],[112,%g],[112,38]]]}`,
			112+side, 112+side, 38+side, 38+side)
	}
	small, big := areaOf(square(0.001)), areaOf(square(0.002))
	if small < 9000 || small > 10500 || big < 3.9*small || big > 4.1*small {
		t.Fatalf("areas %v and %v m²", small, big)
	}
	if again := areaOf(square(0.001)); again != small {
		t.Errorf("the same boundary: %v, then %v", small, again)
	}
	if bad := areaOf(json.RawMessage(`{"type":"Polygon"`)); bad != 0 {
		t.Errorf("a broken boundary has area %v", bad)
	}
}
