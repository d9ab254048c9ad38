// State and loading of one paginated table.
import { ref, shallowRef } from 'vue'
import { showError } from './errors'

export interface PageResult<T> {
  items?: T[] | null
  total: number
}

export function usePaged<T>(fetcher: (page: number, size: number) => Promise<PageResult<T>>, size = 20) {
  const rows = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const pageSize = ref(size)
  const loading = ref(false)
  let seq = 0

  async function reload() {
    const my = ++seq
    loading.value = true
    try {
      const res = await fetcher(page.value, pageSize.value)
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

  return { rows, total, page, pageSize, loading, reload, search }
}
