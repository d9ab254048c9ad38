// Where the phone is: the browser's geolocation, which is WGS-84 — what the
// API stores. A map vendor's SDK in China would give GCJ-02 (offset by up
// to some hundreds of metres); the app uses none, so nothing is converted.

/** A position in WGS-84; accuracy is the radius in metres. */
export interface Position {
  lng: number
  lat: number
  accuracy: number
}

/** locate asks the browser where the phone is (high accuracy, at most 15 s; a fix up to a minute old will do). */
export function locate(): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) return reject(new Error('geolocation unavailable'))
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      (e) => reject(new Error(e.message || 'geolocation failed')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  })
}
