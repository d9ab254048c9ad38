package warning

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// readCSV is a committed CSV's rows by header, the header left out.
func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]map[string]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestEARSMatchesR holds C1, C2 and C3 to R's surveillance::earsC on the
// series testdata/ears.R wrote — steady, sparse, all zeros, constant, an
// outbreak, large counts, the demo's — under CDC's thresholds with two
// minimum sigmas and under R's own alphas without one (NaN where R gives
// NaN): every upper bound within 1e-9 and every alarm the same.
func TestEARSMatchesR(t *testing.T) {
	series := map[string][]float64{}
	for _, r := range readCSV(t, "testdata/series.csv") {
		series[r["series"]] = append(series[r["series"]], num(t, r["observed"]))
	}
	ref := readCSV(t, "testdata/ears_reference.csv")
	if len(ref) < 1000 {
		t.Fatalf("%d reference rows", len(ref))
	}
	seen := map[string]bool{}
	for _, r := range ref {
		x := series[r["series"]]
		day := int(num(t, r["t"])) - 1
		alpha := num(t, r["alpha"])
		p := Params{Threshold: math.Sqrt2 * math.Erfinv(1-2*alpha), MinSigma: num(t, r["min_sigma"])}
		got, ok := Upper(r["method"], x, day, p)
		if !ok {
			t.Fatalf("%v: no upper bound", r)
		}
		want := num(t, r["upperbound"])
		switch {
		case math.IsNaN(want) != math.IsNaN(got):
			t.Errorf("%v: upper %v", r, got)
		case !math.IsNaN(want) && math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)):
			t.Errorf("%v: upper %.12g", r, got)
		}
		alarm := "0"
		if x[day] > got {
			alarm = "1"
		} else if math.IsNaN(got) {
			alarm = "NA"
		}
		if alarm != r["alarm"] {
			t.Errorf("%v: alarm %s", r, alarm)
		}
		seen[r["method"]+r["setting"]] = true
	}
	if len(seen) != 9 {
		t.Errorf("methods × settings covered: %v", seen)
	}
}

// TestEARSHistory: a day without the method's whole history has no bound;
// the first day with it has one.
func TestEARSHistory(t *testing.T) {
	x := make([]float64, 20)
	for m, first := range map[string]int{C1: 7, C2: 9, C3: 11} {
		if _, ok := Upper(m, x, first-1, Params{Threshold: 3, MinSigma: 0.5}); ok {
			t.Errorf("%s on day %d", m, first-1)
		}
		if _, ok := Upper(m, x, first, Params{Threshold: 3, MinSigma: 0.5}); !ok {
			t.Errorf("%s not on day %d", m, first)
		}
	}
	if Rolling([]float64{1, 1, 1, 1, 1, 1, 1, 1, 5}, 8) != 11 {
		t.Error("rolling 7 days")
	}
}
