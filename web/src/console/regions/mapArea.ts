// What RegionMap draws.

/** An area the map draws: a region, or a grid of the grid map. */
export interface MapArea {
  code: string
  name: string
  level: string
  geometry?: unknown
  /** The label on the map; by default the name less its parent's. */
  label?: string
}
