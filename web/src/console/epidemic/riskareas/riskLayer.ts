// The risk areas in force, drawn on every map of the console (the grid map,
// the regions page, an event's map): one layer, fetched once per map, above
// the regions and below the markers.
import { onBeforeUnmount, watch, type ShallowRef } from 'vue'
import L from 'leaflet'
import { get } from '@/api/client'
import { useAuthStore } from '@/api/session'
import { i18n } from '@/i18n'
import { LEVEL_COLORS } from './draw'
import type { RiskFeatures } from './types'

const PANE = 'risk-areas'

/** drawRisk adds the areas to map as a layer of their own, and answers it. */
export function drawRisk(map: L.Map, fc: RiskFeatures): L.GeoJSON {
  if (!map.getPane(PANE)) map.createPane(PANE).style.zIndex = '450'
  const t = i18n.global.t
  return L.geoJSON(fc as unknown as GeoJSON.FeatureCollection, {
    pane: PANE,
    style: (f) => {
      const c = LEVEL_COLORS[f?.properties?.level] ?? '#d03050'
      return { color: c, weight: 2, fillColor: c, fillOpacity: 0.28, dashArray: '4 3' }
    },
    onEachFeature: (f, layer) => {
      const p = f.properties
      layer.bindTooltip(`${p.name} · ${t(`risk.level.${p.level}`)} · ${t('risk.daysClear', { n: p.days_without_case })}`, {
        sticky: true,
      })
    },
  })
}

/** useRiskLayer keeps the areas in force on the map while it lives, for a
 *  caller who may read them. */
export function useRiskLayer(map: ShallowRef<L.Map | undefined>) {
  const auth = useAuthStore()
  let layer: L.GeoJSON | undefined
  async function load() {
    const m = map.value
    if (!m || !auth.can('epidemic:read')) return
    try {
      const fc = await get('/api/v1/epidemic/risk-map')
      layer?.remove()
      if (map.value === m) layer = drawRisk(m, fc).addTo(m)
    } catch {
      // the map stands without the layer: a risk area is an overlay, not the map
    }
  }
  watch(map, load, { immediate: true })
  onBeforeUnmount(() => layer?.remove())
  return { reload: load }
}
