// One measure on a page, the resident's or the grid worker's: read (the
// copy kept on the phone when there is no signal), how many of its
// check-ins still wait in the outbox, and read again once one of them is
// sent or refused.
import { computed, ref, watch, type Ref } from 'vue'
import type { Cached } from '../offline/cache'
import { items } from '../outbox'
import { errorText } from '../shell/errors'
import { checkinPath, waitingAt, type MeasureDetail } from './checkin'

/** useMeasure reads measure id with read (undefined: none such) and keeps it current. */
export function useMeasure(id: Ref<string>, self: boolean, read: (id: string) => Promise<Cached<MeasureDetail | undefined>>, none: () => string) {
  const measure = ref<MeasureDetail>()
  const cachedAt = ref<number>()
  const problem = ref('')
  const path = computed(() => checkinPath(id.value, self))
  const waiting = computed(() => waitingAt(items.value, path.value))

  async function load(): Promise<void> {
    problem.value = ''
    try {
      const r = await read(id.value)
      measure.value = r.data
      cachedAt.value = r.offline ? r.savedAt : undefined
      if (!r.data) problem.value = none()
    } catch (e) {
      problem.value = errorText(e)
    }
  }

  watch(id, load, { immediate: true })
  watch(
    () => items.value.filter((x) => x.path === path.value).map((x) => x.state).join(),
    (now, before) => {
      if (before !== undefined && now !== before) void load()
    },
  )
  return { measure, cachedAt, problem, waiting, load }
}
