// Package geo converts between the coordinate systems used by Chinese map
// vendors and answers which polygon (grid, village, fence) a point lies in.
//
// Coordinates are stored as WGS-84 (GPS). Amap, Tencent and most Chinese web
// maps use GCJ-02; Baidu uses BD-09. Points are orb.Point{lng, lat}.
package geo

import "math"

// Krasovsky 1940 ellipsoid, which the GCJ-02 obfuscation is defined on.
const (
	gcjA  = 6378245.0
	gcjEE = 0.00669342162296594323
)

// bdXPi is the angular scale of the BD-09 offset.
const bdXPi = math.Pi * 3000.0 / 180.0

// inverseTolerance is where the iterative inverses stop, in degrees (~1 mm).
const inverseTolerance = 1e-9

// outOfChina is the customary rough bounding box outside which GCJ-02 equals
// WGS-84. It includes some neighbouring territory; every implementation
// vendors agree with uses the same box, so points convert consistently.
func outOfChina(lng, lat float64) bool {
	return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271
}

// WGS84ToGCJ02 converts a GPS coordinate to GCJ-02 ("Mars coordinates").
func WGS84ToGCJ02(lng, lat float64) (float64, float64) {
	if outOfChina(lng, lat) {
		return lng, lat
	}
	dLng, dLat := gcjDelta(lng, lat)
	return lng + dLng, lat + dLat
}

// GCJ02ToWGS84 inverts WGS84ToGCJ02 by fixed-point iteration to about 1e-9°.
func GCJ02ToWGS84(lng, lat float64) (float64, float64) {
	if outOfChina(lng, lat) {
		return lng, lat
	}
	return invert(lng, lat, WGS84ToGCJ02)
}

// GCJ02ToBD09 converts a GCJ-02 coordinate to Baidu's BD-09.
func GCJ02ToBD09(lng, lat float64) (float64, float64) {
	z := math.Sqrt(lng*lng+lat*lat) + 0.00002*math.Sin(lat*bdXPi)
	theta := math.Atan2(lat, lng) + 0.000003*math.Cos(lng*bdXPi)
	return z*math.Cos(theta) + 0.0065, z*math.Sin(theta) + 0.006
}

// BD09ToGCJ02 inverts GCJ02ToBD09: the customary closed-form approximation
// (off by up to ~1e-6°), refined by iteration to about 1e-9°.
func BD09ToGCJ02(lng, lat float64) (float64, float64) {
	x, y := lng-0.0065, lat-0.006
	z := math.Sqrt(x*x+y*y) - 0.00002*math.Sin(y*bdXPi)
	theta := math.Atan2(y, x) - 0.000003*math.Cos(x*bdXPi)
	gLng, gLat := z*math.Cos(theta), z*math.Sin(theta)
	return refine(lng, lat, gLng, gLat, GCJ02ToBD09)
}

// WGS84ToBD09 converts a GPS coordinate to Baidu's BD-09.
func WGS84ToBD09(lng, lat float64) (float64, float64) {
	return GCJ02ToBD09(WGS84ToGCJ02(lng, lat))
}

// BD09ToWGS84 converts a Baidu BD-09 coordinate to GPS.
func BD09ToWGS84(lng, lat float64) (float64, float64) {
	return GCJ02ToWGS84(BD09ToGCJ02(lng, lat))
}

// gcjDelta is the GCJ-02 offset in degrees at a WGS-84 point.
func gcjDelta(lng, lat float64) (dLng, dLat float64) {
	x, y := lng-105.0, lat-35.0
	dLat = -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	dLng = 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	common := (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	dLat += common
	dLng += common
	dLat += (20.0*math.Sin(y*math.Pi) + 40.0*math.Sin(y/3.0*math.Pi)) * 2.0 / 3.0
	dLng += (20.0*math.Sin(x*math.Pi) + 40.0*math.Sin(x/3.0*math.Pi)) * 2.0 / 3.0
	dLat += (160.0*math.Sin(y/12.0*math.Pi) + 320*math.Sin(y*math.Pi/30.0)) * 2.0 / 3.0
	dLng += (150.0*math.Sin(x/12.0*math.Pi) + 300.0*math.Sin(x/30.0*math.Pi)) * 2.0 / 3.0

	radLat := lat / 180.0 * math.Pi
	magic := math.Sin(radLat)
	magic = 1 - gcjEE*magic*magic
	sqrtMagic := math.Sqrt(magic)
	dLat = (dLat * 180.0) / ((gcjA * (1 - gcjEE)) / (magic * sqrtMagic) * math.Pi)
	dLng = (dLng * 180.0) / (gcjA / sqrtMagic * math.Cos(radLat) * math.Pi)
	return dLng, dLat
}

// invert finds p with fwd(p) = (lng, lat), starting from the target itself.
func invert(lng, lat float64, fwd func(float64, float64) (float64, float64)) (float64, float64) {
	return refine(lng, lat, lng, lat, fwd)
}

// refine improves a guess for the inverse of fwd at (lng, lat). The offsets
// vary slowly, so fixed-point iteration converges in a few steps.
func refine(lng, lat, gLng, gLat float64, fwd func(float64, float64) (float64, float64)) (float64, float64) {
	for range 20 {
		fLng, fLat := fwd(gLng, gLat)
		eLng, eLat := lng-fLng, lat-fLat
		gLng += eLng
		gLat += eLat
		if math.Abs(eLng) < inverseTolerance && math.Abs(eLat) < inverseTolerance {
			break
		}
	}
	return gLng, gLat
}
