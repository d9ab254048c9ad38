// The read cache: lists a field worker needs with no signal (the inbox, the
// grid's residents) are kept on the phone as last read, per user, and shown
// with their age when the network is gone. Only what the API answers to a
// GET is kept — masked data; a revealed value never goes through here.
import { ApiError, buildURL, get, type PathsWith, type RequestOptions, type ResponseOf } from '@/api/client'
import { useAuthStore } from '@/api/session'

const PREFIX = 'hg.cache.'

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** A read: the data, and when it was kept if it comes from the phone. */
export interface Cached<T> {
  data: T
  /** ms since the epoch: set only when the data is the kept copy */
  cachedAt?: number
}

type GetOpts<P extends PathsWith<'get'>> = Parameters<typeof get<P>>[1]

/** cachedGet reads path from the server and keeps it; with no network it answers the kept copy. */
export async function cachedGet<P extends PathsWith<'get'>>(path: P, opts?: GetOpts<P>): Promise<Cached<ResponseOf<P, 'get'>>> {
  const o = (opts ?? {}) as RequestOptions<unknown> & { path?: Record<string, unknown>; query?: Record<string, unknown> }
  const key = `${PREFIX}${useAuthStore().me?.id ?? ''}:${buildURL(path, o.path, o.query)}`
  try {
    const data = await get(path, opts)
    try {
      storage()?.setItem(key, JSON.stringify({ at: Date.now(), data }))
    } catch {
      // the phone's storage is full: the read still counts
    }
    return { data }
  } catch (e) {
    const kept = e instanceof ApiError && e.network ? storage()?.getItem(key) : null
    if (!kept) throw e
    const { at, data } = JSON.parse(kept) as { at: number; data: ResponseOf<P, 'get'> }
    return { data, cachedAt: at }
  }
}
