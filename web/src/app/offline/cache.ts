// The read cache: the lists a field worker needs with no signal (the inbox,
// the grid's residents) keep their last answer on the phone, per user, and
// say how old it is when the network is gone. Only what a GET answers is
// kept — masked data; a reveal never goes through here.
import { ApiError, buildURL, get, type PathsWith, type ResponseOf } from '@/api/client'
import { useAuthStore } from '@/api/session'
import { idbTable } from './idb'

/** An answer and where it came from. */
export interface Cached<T> {
  data: T
  /** when it was fetched (ms since the epoch) */
  savedAt: number
  /** true when the network failed and this is the copy kept on the phone */
  offline: boolean
}

interface CacheRow {
  key: string
  user: string
  savedAt: number
  data: unknown
}

const table = idbTable<CacheRow>('cache')

type GetOptions<P extends PathsWith<'get'>> = Parameters<typeof get<P>>[1]

/** cachedGet reads path and keeps the answer; with no network it answers the copy kept for this user. */
export async function cachedGet<P extends PathsWith<'get'>>(path: P, opts?: GetOptions<P>): Promise<Cached<ResponseOf<P, 'get'>>> {
  if (/\/reveal\b/.test(path)) throw new Error('cachedGet: a revealed answer is never kept on the phone')
  const user = useAuthStore().me?.id ?? ''
  const o = (opts ?? {}) as { path?: Record<string, unknown>; query?: Record<string, unknown> }
  const key = `${user} ${buildURL(path, o.path, o.query)}`
  try {
    const data = await get(path, opts)
    const savedAt = Date.now()
    if (user) await table.put({ key, user, savedAt, data }).catch(() => undefined)
    return { data, savedAt, offline: false }
  } catch (e) {
    const row = e instanceof ApiError && e.network && user ? await table.get(key).catch(() => undefined) : undefined
    if (!row || row.user !== user) throw e
    return { data: row.data as ResponseOf<P, 'get'>, savedAt: row.savedAt, offline: true }
  }
}
