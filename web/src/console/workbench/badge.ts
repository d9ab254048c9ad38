// The count on 我的待办's menu item: how many items wait for the caller,
// read again as the user moves between pages and when a notification comes
// in — not more often than every few seconds.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { get } from '@/api/client'

/** How long a count stays fresh, in ms. */
export const FRESH_MS = 5_000

export const useInboxBadge = defineStore('inboxBadge', () => {
  const count = ref(0)
  let readAt = 0
  let pending: Promise<void> | null = null

  /** set takes a count read elsewhere (the workbench, 我的待办). */
  function set(n: number, now = Date.now()): void {
    count.value = n
    readAt = now
  }

  /** refresh reads the count unless it is fresh (force: anyway). */
  function refresh(force = false, now = Date.now()): Promise<void> {
    if (pending) return pending
    if (!force && now - readAt < FRESH_MS) return Promise.resolve()
    readAt = now
    pending = get('/api/v1/inbox/counts', { quiet: true })
      .then((c) => void (count.value = c.total))
      .catch(() => undefined)
      .finally(() => (pending = null))
    return pending
  }

  return { count, set, refresh }
})
