// The state of an infinite list under pull-to-refresh (van-pull-refresh
// over van-list): pages fetched one after another; a refresh starts again
// from the first, and an answer to a request made before it is dropped.
import { ref, type Ref } from 'vue'

export interface Page<T> {
  items?: T[] | null
  total: number
}

export function usePaged<T>(fetch: (page: number) => Promise<Page<T>>) {
  const items = ref([]) as Ref<T[]>
  const loading = ref(false)
  const finished = ref(false)
  const failed = ref(false)
  const refreshing = ref(false)
  let page = 0
  let generation = 0

  /** more loads the next page (van-list's load event). */
  async function more(): Promise<void> {
    const gen = generation
    try {
      const r = await fetch(page + 1)
      if (gen !== generation) return
      if (page === 0) items.value = []
      page++
      items.value.push(...(r.items ?? []))
      finished.value = items.value.length >= r.total || !r.items?.length
    } catch {
      if (gen === generation) failed.value = true
    } finally {
      if (gen === generation) {
        loading.value = false
        refreshing.value = false
      }
    }
  }

  /** reload starts again from the first page (pull-to-refresh, a new filter). */
  function reload(): void {
    generation++
    page = 0
    finished.value = false
    failed.value = false
    loading.value = true
    void more()
  }

  return { items, loading, finished, failed, refreshing, more, reload }
}
