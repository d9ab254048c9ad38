// The hand-off to the phone's map app. Our points are WGS-84 (the browser's
// geolocation, as the API stores them). China's map apps draw GCJ-02 (高德,
// 腾讯) or BD-09 (百度), offset from WGS-84 by up to some hundreds of
// metres: handed over unmarked, a point lands in the wrong courtyard. So
// every link says its datum — 高德's marker URI takes coordinate=wgs84,
// 百度's marker takes coord_type=wgs84, and each app converts. The geo: URI
// (RFC 5870) is WGS-84 by definition; a Chinese Android map app that opens
// it may still read it as GCJ-02, which is why it is offered last.
// Points without coordinates (a booking has only an address) are searched
// by their address instead.

/** Where to go: a WGS-84 point, or an address only. */
export interface Place {
  lng?: number | null
  lat?: number | null
  name: string
  address?: string
}

/** One map app the sheet offers. */
export interface MapLink {
  app: 'amap' | 'baidu' | 'geo'
  url: string
}

const SRC = 'healthgrid'

function hasPoint(p: Place): p is Place & { lng: number; lat: number } {
  return typeof p.lng === 'number' && typeof p.lat === 'number' && Number.isFinite(p.lng) && Number.isFinite(p.lat)
}

function qs(params: Record<string, string>): string {
  return new URLSearchParams(params).toString()
}

/** mapLinks are the links to open a place in 高德, 百度 and the system's map app; none when it has neither point nor address. */
export function mapLinks(p: Place): MapLink[] {
  if (hasPoint(p)) {
    const lnglat = `${p.lng.toFixed(6)},${p.lat.toFixed(6)}`
    const latlng = `${p.lat.toFixed(6)},${p.lng.toFixed(6)}`
    return [
      {
        app: 'amap',
        url: `https://uri.amap.com/marker?${qs({ position: lnglat, name: p.name, src: SRC, coordinate: 'wgs84', callnative: '1' })}`,
      },
      {
        app: 'baidu',
        url: `https://api.map.baidu.com/marker?${qs({
          location: latlng,
          title: p.name,
          content: p.address || p.name,
          output: 'html',
          coord_type: 'wgs84',
          src: `webapp.${SRC}.app`,
        })}`,
      },
      { app: 'geo', url: `geo:${latlng}?q=${encodeURIComponent(`${latlng}(${p.name})`)}` },
    ]
  }
  const address = p.address?.trim()
  if (!address) return []
  return [
    { app: 'amap', url: `https://uri.amap.com/search?${qs({ keyword: address, src: SRC, callnative: '1' })}` },
    { app: 'baidu', url: `https://api.map.baidu.com/geocoder?${qs({ address, output: 'html', src: `webapp.${SRC}.app` })}` },
    { app: 'geo', url: `geo:0,0?q=${encodeURIComponent(address)}` },
  ]
}

/** canNavigate tells whether a place can be handed to a map app. */
export function canNavigate(p: Place): boolean {
  return mapLinks(p).length > 0
}

/** open leaves the app for the map app's link (the page stays in history). */
export function open(link: MapLink): void {
  window.location.href = link.url
}
