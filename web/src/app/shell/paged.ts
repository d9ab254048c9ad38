// An infinite list over a paged route (van-list + van-pull-refresh): pages
// joined as they come, the kept copy's age when the network failed, and a
// reset (a new search, another tab) that drops what an older question
// answers late.
import { ref, shallowRef, type Ref } from 'vue'
import type { Cached } from '../offline/cache'
import { sayError } from './errors'

/** A page as the list routes answer it. */
export interface Page<T> {
  items?: T[] | null
  total: number
}

/** fetchPage asks for page n (from 1) of size: a page, or a kept copy of one (cachedGet). */
export type FetchPage<T> = (page: number, size: number) => Promise<Cached<Page<T>> | Page<T>>

const kept = <T>(r: Cached<Page<T>> | Page<T>): Cached<Page<T>> =>
  'data' in r ? r : { data: r, savedAt: Date.now(), offline: false }

/** usePaged drives one list; join adds a page to the rows (appended by default). */
export function usePaged<T>(fetchPage: FetchPage<T>, size = 20, join: (rows: T[], page: T[]) => T[] = (r, p) => [...r, ...p]) {
  const rows = shallowRef<T[]>([])
  const total = ref(0)
  const loading = ref(false)
  const finished = ref(false)
  const failed = ref(false)
  const refreshing = ref(false)
  const cachedAt: Ref<number | undefined> = ref()
  let page = 0
  let asked = 0

  /** load reads the next page (van-list's @load). */
  async function load(): Promise<void> {
    const mine = asked
    try {
      const r = kept(await fetchPage(page + 1, size))
      if (mine !== asked) return
      page++
      if (page === 1) cachedAt.value = r.offline ? r.savedAt : undefined
      rows.value = join(rows.value, r.data.items ?? [])
      total.value = r.data.total
      finished.value = !r.data.items?.length || page * size >= r.data.total
    } catch (e) {
      if (mine !== asked) return
      failed.value = true
      sayError(e)
    } finally {
      if (mine === asked) loading.value = false
    }
  }

  /** reset starts the list again from its first page. */
  async function reset(): Promise<void> {
    asked++
    page = 0
    rows.value = []
    finished.value = failed.value = false
    loading.value = true
    await load()
  }

  /** refresh is the pull-to-refresh: the list again, then the spinner away. */
  async function refresh(): Promise<void> {
    await reset()
    refreshing.value = false
  }

  return { rows, total, loading, finished, failed, refreshing, cachedAt, load, reset, refresh }
}
