// Region look-ups shared by the tree, the pickers and the region browser.
import { get } from '@/api/client'
import type { Level, Region } from '@/api/types'
import { LEVELS } from '@/api/types'

/** listChildren returns the children of parent, or the caller's home region when parent is empty. */
export async function listChildren(parent?: string, geometry = false): Promise<Region[]> {
  const res = await get('/api/v1/regions', {
    query: { parent: parent || undefined, geometry: geometry || undefined },
  })
  const items = Array.isArray(res) ? res : (res as { items?: Region[] | null }).items
  return (items ?? []) as Region[]
}

/** childLevel is the level below l, or undefined below a grid. */
export function childLevel(l: string | undefined): Level | undefined {
  const i = LEVELS.indexOf(l as Level)
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1] : undefined
}

/** The fill colour of each level on the map. */
export const LEVEL_COLORS: Record<string, string> = {
  city: '#1f5fbf',
  county: '#2f80ed',
  township: '#27ae60',
  village: '#f2994a',
  grid: '#9b51e0',
}

/** The tag type of each level in tables. */
export const LEVEL_TAGS: Record<string, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  city: 'danger',
  county: 'primary',
  township: 'success',
  village: 'warning',
  grid: 'info',
}

/** boundsCenter is the middle of a GeoJSON geometry's bounding box, or null without coordinates. */
export function boundsCenter(geometry: unknown): { lng: number; lat: number } | null {
  const coords = (geometry as { coordinates?: unknown } | null | undefined)?.coordinates
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      minX = Math.min(minX, c[0])
      maxX = Math.max(maxX, c[0])
      minY = Math.min(minY, c[1])
      maxY = Math.max(maxY, c[1])
    } else c.forEach(walk)
  }
  walk(coords)
  return Number.isFinite(minX) ? { lng: (minX + maxX) / 2, lat: (minY + maxY) / 2 } : null
}

/**
 * ancestorsOf lists the codes above a statistical code, top down, read off
 * the code itself: 140902001002001 → 140900000000, 140902000000,
 * 140902001000, 140902001002.
 */
export function ancestorsOf(code: string): string[] {
  const out: string[] = []
  const c12 = code.length === 15 ? code.slice(0, 12) : code
  if (!/^\d{12}$/.test(c12)) return out
  const city = c12.slice(0, 4) + '00000000'
  const county = c12.slice(0, 6) + '000000'
  const township = c12.slice(0, 9) + '000'
  for (const a of [city, county, township, c12]) {
    if (a !== code && !out.includes(a) && a.length <= code.length && code.startsWith(trimZeros(a))) out.push(a)
  }
  return out
}

function trimZeros(code: string): string {
  return code.replace(/(000)+$/, '').replace(/^(\d{4})00$/, '$1')
}
