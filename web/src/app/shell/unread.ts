// How many of the user's notifications are unread: the 消息 tab's badge.
// Asked when the frame opens, on each page change (at most every 15 s),
// when the app comes to the front, and set by the messages page itself.
import { ref } from 'vue'
import { get } from '@/api/client'

export const unread = ref(0)
let asked = 0

/** refreshUnread asks the server, unless it was asked in the last 15 s (force: ask anyway). */
export async function refreshUnread(force = false): Promise<void> {
  if (!force && Date.now() - asked < 15_000) return
  asked = Date.now()
  try {
    unread.value = (await get('/api/v1/notifications/unread-count', { quiet: true })).unread
  } catch {
    // offline or signed out: keep the last count
  }
}
