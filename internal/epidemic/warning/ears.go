package warning

import "math"

// Baseline is the days of EARS's reference window (CDC's seven).
const Baseline = 7

// Params are one method's settings: the threshold — for a fixed method the
// cases in 7 days, for EARS the standard deviations above the baseline mean
// (CDC's 3 for C1 and C2, 2 for C3) — and, for EARS, the least standard
// deviation taken, so that a baseline of zeros does not flag one case.
type Params struct {
	Threshold float64 `json:"threshold"`
	MinSigma  float64 `json:"min_sigma"`
}

// lagOf is how many days before t a method's reference window ends: C1's the
// day before, C2's and C3's two days earlier (the 2-day guard band).
func lagOf(method string) int {
	if method == C1 {
		return 1
	}
	return 3
}

// History is how many days before t a method reads: EARS's C3 reads C2's
// of the two days before.
func History(method string) int {
	switch method {
	case C1:
		return Baseline
	case C2:
		return Baseline + 2
	case C3:
		return Baseline + 4
	}
	return FixedDays - 1
}

// stats are the mean and the sample standard deviation of x, as R's mean
// and sd.
func stats(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / float64(len(x)-1))
}

// reference is the baseline of day t for a method lagging lag days: the
// Baseline days ending lag days before t.
func reference(x []float64, t, lag int) (mean, sigma float64) {
	return stats(x[t-lag-Baseline+1 : t-lag+1])
}

// Upper is the upper bound EARS's method (C1, C2 or C3) gives day t of the
// daily counts x, as R's surveillance::earsC computes it with the
// threshold as qnorm(1 - alpha) and minSigma; ok is false when x has too
// few days before t. Day t alarms when x[t] > upper. A baseline of zeros
// with MinSigma 0 gives NaN, as R does, which alarms nothing.
func Upper(method string, x []float64, t int, p Params) (upper float64, ok bool) {
	if t < History(method) || t >= len(x) {
		return 0, false
	}
	z := p.Threshold
	switch method {
	case C1, C2:
		mean, sd := reference(x, t, lagOf(method))
		return mean + z*math.Max(sd, p.MinSigma), true
	case C3:
		// R's C3: the day's count plus its sigma times the threshold less the
		// two days before's C2 excesses over 1 — the day's own C2 is not in it
		lags := 0.0
		for _, u := range []int{t - 2, t - 1} {
			mean, sd := reference(x, u, 3)
			lags += math.Max(0, (x[u]-mean)/math.Max(sd, p.MinSigma)-1)
		}
		_, sd := reference(x, t, 3)
		return math.Max(0, x[t]+math.Max(sd, p.MinSigma)*(z-lags)), true
	}
	return 0, false
}

// FixedDays is the window of a fixed threshold: N cases in a rolling 7 days.
const FixedDays = 7

// Rolling is the cases of the FixedDays days ending on day t of x.
func Rolling(x []float64, t int) float64 {
	var n float64
	for i := max(0, t-FixedDays+1); i <= t; i++ {
		n += x[i]
	}
	return n
}

// band is the baseline mean and upper bound of day t for the chart behind a signal: C1's
// reference mean and the upper bound of method (C1 unless C2 or C3).
func band(method string, x []float64, t int, p Params) (mean, upper float64, ok bool) {
	if method != C2 && method != C3 {
		method = C1
	}
	upper, ok = Upper(method, x, t, p)
	if !ok {
		return 0, 0, false
	}
	mean, _ = reference(x, t, lagOf(method))
	return mean, upper, true
}
