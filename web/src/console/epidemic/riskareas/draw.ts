// A polygon drawn by clicks on the map, as the API takes it.

export type LngLat = [number, number]

/** MaxVertices is the server's limit on a drawn area's corners. */
export const MaxVertices = 500

/** LEVEL_COLORS are the levels' colours on every map: red, orange, yellow. */
export const LEVEL_COLORS: Record<string, string> = { high: '#d03050', medium: '#f0a020', low: '#e6c700' }

/** polygonOf closes the clicked corners into a GeoJSON Polygon, or null
 *  when they cannot make one: fewer than three distinct corners, or more
 *  than the server takes. */
export function polygonOf(corners: LngLat[]): { type: 'Polygon'; coordinates: LngLat[][] } | null {
  const ring = corners.filter((p, i) => i === 0 || p[0] !== corners[i - 1][0] || p[1] !== corners[i - 1][1])
  if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop()
  if (ring.length < 3 || ring.length > MaxVertices) return null
  const round = (p: LngLat): LngLat => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6]
  const closed = ring.map(round)
  return { type: 'Polygon', coordinates: [[...closed, closed[0]]] }
}
