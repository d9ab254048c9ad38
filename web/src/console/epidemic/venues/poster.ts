// The address of a venue's poster, changing with its token so that a
// renewed poster is not served from the browser's cache.
import type { Venue } from '@/api/types'

export function posterURL(v: Pick<Venue, 'code' | 'qr_token'>): string {
  return `/api/v1/epidemic/venues/${encodeURIComponent(v.code)}/poster.png?v=${encodeURIComponent(v.qr_token)}`
}
