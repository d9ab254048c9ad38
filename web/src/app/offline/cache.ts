// The read cache: a few list screens (the inbox, my grid's residents) keep
// their last answer on the phone, so that with no signal they still show
// something, and say how old it is ("离线数据 · 5 分钟前").
//
// Only masked answers are ever kept: the list routes mask phones and ID
// numbers themselves, and a reveal route is refused here. Rows are kept per
// user and the whole cache goes when the user signs out (shell/me.ts).
import { ApiError, buildURL, get, type PathsWith, type ResponseOf } from '@/api/client'
import { useAuthStore } from '@/api/session'
import { idbTable, type Table } from './idb'

/** An answer and where it came from. */
export interface Cached<T> {
  data: T
  /** when it was fetched (ms since the epoch) */
  savedAt: number
  /** true when the network failed and this is the copy kept on the phone */
  offline: boolean
}

/** One kept answer. */
export interface CacheRow {
  key: string
  user: string
  savedAt: number
  data: unknown
}

/** How many answers are kept; the oldest go first. */
export const KEEP_ROWS = 50

let table: Table<CacheRow> = idbTable<CacheRow>('cache')

/** useCacheTable swaps the storage (tests). */
export function useCacheTable(t: Table<CacheRow>): void {
  table = t
}

type GetOptions<P extends PathsWith<'get'>> = NonNullable<Parameters<typeof get<P>>[1]> & {
  /** how long to wait for the network before the kept copy is shown, ms (default 12 s) */
  timeout?: number
}

async function keep(row: CacheRow): Promise<void> {
  await table.put(row)
  const rows = await table.all()
  if (rows.length <= KEEP_ROWS) return
  rows.sort((a, b) => a.savedAt - b.savedAt)
  for (const old of rows.slice(0, rows.length - KEEP_ROWS)) await table.delete(old.key)
}

/**
 * cachedGet is get() for a list screen that must work offline: online it
 * answers fresh data and keeps it; when the network fails or is too slow it
 * answers the copy kept for this user, if any (else the network error).
 * Server refusals (4xx/5xx) are thrown as they are.
 */
export async function cachedGet<P extends PathsWith<'get'>>(path: P, opts: GetOptions<P> = {}): Promise<Cached<ResponseOf<P, 'get'>>> {
  if (/\/reveal\b/.test(path)) throw new Error('cachedGet: a revealed answer is never kept on the phone')
  const user = useAuthStore().me?.id
  const { timeout = 12_000, ...rest } = opts
  const ctl = new AbortController()
  let slow = false
  const timer = setTimeout(() => {
    slow = true
    ctl.abort()
  }, timeout)
  rest.signal?.addEventListener('abort', () => ctl.abort())
  try {
    const data = await get(path, { ...rest, signal: ctl.signal } as Parameters<typeof get<P>>[1])
    const savedAt = Date.now()
    if (user) await keep({ key: keyOf(user, path, rest), user, savedAt, data }).catch(() => undefined)
    return { data, savedAt, offline: false }
  } catch (e) {
    const unreachable = (e instanceof ApiError && e.network) || ((e as Error)?.name === 'AbortError' && slow)
    if (!unreachable) throw e
    const row = user ? await table.get(keyOf(user, path, rest)).catch(() => undefined) : undefined
    if (!row || row.user !== user) throw e instanceof ApiError ? e : new ApiError({ status: 0, title: 'network' })
    return { data: row.data as ResponseOf<P, 'get'>, savedAt: row.savedAt, offline: true }
  } finally {
    clearTimeout(timer)
  }
}

function keyOf(user: string, path: string, opts: { path?: unknown; query?: unknown }): string {
  return `${user} ${buildURL(path, opts.path as Record<string, unknown>, opts.query as Record<string, unknown>)}`
}

/** clearCache forgets every kept answer (signing out). */
export async function clearCache(): Promise<void> {
  await table.clear().catch(() => undefined)
}
