// The state and loading of a list page: its table's rows and paging, the
// filters the user edits, and when to search again.
import { reactive, ref, shallowRef, watch, type Ref, type UnwrapNestedRefs, type WatchSource } from 'vue'
import { showError } from '../utils/errors'

export interface PageResult<T> {
  items?: T[] | null
  total: number
}

export interface ListPageOptions<T, F extends object> {
  /** fetch asks the server for one page, narrowed by the filters. */
  fetch: (page: number, size: number, filters: UnwrapNestedRefs<F>) => Promise<PageResult<T>>
  /** the filters' initial values; reset puts them back */
  filters?: F
  /** rows per page */
  size?: number
  /** a source (the chosen region, a category) whose every change searches again, from the start */
  searchOn?: WatchSource
  /** the filters searchOn's change puts back as they started (a grid filter, when the region changes) */
  clearOnChange?: (keyof F)[]
}

/**
 * useListPage keeps one paginated table: search goes back to page 1, reload
 * keeps the page; an answer overtaken by a newer request is dropped; a
 * failure empties the table and says why.
 */
export function useListPage<T, F extends object = Record<string, never>>(opts: ListPageOptions<T, F>) {
  const initial = opts.filters ?? ({} as F)
  const filters = reactive(structuredClone(initial)) as UnwrapNestedRefs<F>
  const rows = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(opts.size ?? 20)
  const loading = ref(false)
  let seq = 0

  async function reload() {
    const my = ++seq
    loading.value = true
    try {
      const res = await opts.fetch(page.value, pageSize.value, filters)
      if (my !== seq) return
      rows.value = res.items ?? []
      total.value = res.total
    } catch (e) {
      if (my === seq) {
        rows.value = []
        total.value = 0
      }
      showError(e)
    } finally {
      if (my === seq) loading.value = false
    }
  }

  /** search goes back to page 1 and reloads. */
  function search() {
    page.value = 1
    return reload()
  }

  /** reset puts the filters back as they started and searches. */
  function reset() {
    Object.assign(filters, structuredClone(initial))
    return search()
  }

  if (opts.searchOn) {
    watch(
      opts.searchOn,
      () => {
        for (const k of opts.clearOnChange ?? []) (filters as F)[k] = structuredClone(initial[k])
        void search()
      },
      { immediate: true },
    )
  }

  return { rows, total, page, pageSize, loading, filters, reload, search, reset }
}

/** What ListPage reads of a list: its rows, paging and loading, and how to search again. */
export type ListState<T> = Pick<
  ReturnType<typeof useListPage<T>>,
  'rows' | 'total' | 'page' | 'pageSize' | 'loading' | 'reload' | 'search' | 'reset'
>

/** useEditor is a list page's form dialog: open on a new row, or on one of the list's. */
export function useEditor<T>() {
  const open = ref(false)
  const row = shallowRef<T | null>(null) as Ref<T | null>
  function create() {
    row.value = null
    open.value = true
  }
  function edit(r: T) {
    row.value = r
    open.value = true
  }
  return { open, row, create, edit }
}
