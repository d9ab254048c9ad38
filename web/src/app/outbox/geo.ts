// Where the phone is, for a report or a visit: the browser's geolocation,
// which WeChat's web view has too.
//
// The coordinates are WGS-84 — what GPS and the browser give and what the
// API stores (lng/lat of events, visits, grids). Chinese map vendors (AMap,
// Tencent, Baidu) draw in GCJ-02 (Baidu in BD-09), offset by up to some
// hundreds of metres: a point picked on such a map must be converted back to
// WGS-84 before it is sent, and a point from here must not be put on such a
// map as it is. Never mix the two in one field.
import { i18n } from '../i18n'

/** A position in WGS-84; accuracy is the radius in metres. */
export interface Position {
  lng: number
  lat: number
  accuracy: number
}

/** Why there is no position. */
export type LocateFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure'

/** LocateError says why locate failed, worded for the user (errorText/sayError show it). */
export class LocateError extends Error {
  constructor(readonly reason: LocateFailure) {
    super(i18n.global.t(`outbox.geo.${reason}`))
    this.name = 'LocateError'
  }
}

export interface LocateOptions {
  /** how long each try may take, ms (default 10 s) */
  timeout?: number
  /** the age of a position the phone already has that will do, ms (default 30 s) */
  maximumAge?: number
}

function once(geo: Geolocation, opts: PositionOptions): Promise<Position> {
  return new Promise((resolve, reject) =>
    geo.getCurrentPosition(
      (p) => resolve({ lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      (e) => reject(new LocateError(e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable')),
      opts,
    ),
  )
}

/**
 * locate asks for the phone's position (WGS-84). It tries the GPS first;
 * when that gives nothing in time — indoors, in a valley — it takes the
 * network's coarser fix, up to five minutes old. Rejects with a LocateError.
 */
export async function locate(opts: LocateOptions = {}): Promise<Position> {
  const geo = globalThis.navigator?.geolocation
  if (!geo) throw new LocateError(globalThis.isSecureContext === false ? 'insecure' : 'unsupported')
  const timeout = opts.timeout ?? 10_000
  try {
    return await once(geo, { enableHighAccuracy: true, timeout, maximumAge: opts.maximumAge ?? 30_000 })
  } catch (e) {
    if (e instanceof LocateError && e.reason === 'denied') {
      // browsers refuse geolocation to a page not on HTTPS as if the user had
      throw globalThis.isSecureContext === false ? new LocateError('insecure') : e
    }
    return once(geo, { enableHighAccuracy: false, timeout, maximumAge: 5 * 60_000 })
  }
}
