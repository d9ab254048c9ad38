// The areas drawn around an event's place, so a map without a base layer
// still tells the reader where they are.
import { get } from '@/api/client'
import { listChildren } from '../utils/regions'

/** An area drawn faintly, with its name. */
export interface Area {
  code: string
  name: string
  geometry?: unknown
}

/** shortName drops the parent's name from a child's ("东大街社区第1网格" → "第1网格"). */
function shortName(name: string, parent: string): string {
  return parent && name.startsWith(parent) && name.length > parent.length ? name.slice(parent.length) : name
}

/** The outline of a region and the areas around it. */
export interface Surroundings {
  name: string
  geometry: unknown
  around: Area[]
}

async function childrenOf(code: string, name: string): Promise<Area[]> {
  const kids = await listChildren(code, true)
  return kids.map((k) => ({ code: k.code, name: shortName(k.name, name), geometry: k.geometry }))
}

/**
 * surroundings of a region: its outline and its children — or, for a grid,
 * the other grids of its village. What the caller may not see is left out.
 */
export async function surroundings(code: string): Promise<Surroundings> {
  const r = await get('/api/v1/regions/{code}', { path: { code } })
  const out: Surroundings = { name: r.name, geometry: r.geometry ?? null, around: [] }
  try {
    if (r.level !== 'grid') out.around = await childrenOf(r.code, r.name)
    else if (r.parent_code) {
      const parent = await get('/api/v1/regions/{code}', { path: { code: r.parent_code } })
      out.around = await childrenOf(parent.code, parent.name)
    }
  } catch {
    // the village lies outside a grid worker's scope: the grid alone will do
  }
  return out
}
