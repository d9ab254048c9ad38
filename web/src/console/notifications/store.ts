// The signed-in user's notifications: the unread count for the header's
// badge and the latest few for its dropdown, kept live by the push channel.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { get, post } from '@/api/client'
import type { Notification } from '@/api/types'
import { openPush, type PushMessage } from './socket'

/** How many notifications the header's dropdown shows. */
export const LATEST = 6

/** What the page around the channel does when something happens on it. */
export interface PushHandlers {
  /** a new notification has come in */
  onNew: (n: Notification) => void
  /** the session has ended elsewhere (logout in another tab, expiry) */
  onSessionEnd: () => void
}

export const useNotificationStore = defineStore('notifications', () => {
  const unread = ref(0)
  const latest = shallowRef<Notification[]>([])
  let push: { close: () => void } | null = null
  let handlers: PushHandlers | null = null

  /** refresh reads the latest few again, and the count. */
  async function refresh(): Promise<void> {
    const [page, count] = await Promise.all([
      get('/api/v1/notifications', { query: { page: 1, size: LATEST } }),
      get('/api/v1/notifications/unread-count'),
    ])
    latest.value = page.items ?? []
    unread.value = count.unread
  }

  function received(m: PushMessage) {
    unread.value = m.unread
    if (m.type === 'notification' && m.notification) {
      const n = m.notification
      latest.value = [n, ...latest.value.filter((x) => x.id !== n.id)].slice(0, LATEST)
      handlers?.onNew(n)
    } else {
      // on (re)connecting, or after a read in another tab: what is read may have changed
      refresh().catch(() => undefined)
    }
  }

  /** start opens this tab's one channel (again a no-op while it is open). */
  function start(h: PushHandlers): void {
    handlers = h
    if (push) return
    push = openPush({
      onMessage: received,
      onSessionEnd: () => {
        push = null
        handlers?.onSessionEnd()
      },
    })
  }

  /** stop closes the channel and forgets the user's notifications (logout). */
  function stop(): void {
    push?.close()
    push = null
    handlers = null
    unread.value = 0
    latest.value = []
  }

  /** markRead marks one read and returns it as the server now has it. */
  async function markRead(id: string): Promise<Notification> {
    const n = await post('/api/v1/notifications/{id}/read', { path: { id } })
    if (latest.value.some((x) => x.id === id && !x.read_at)) unread.value = Math.max(0, unread.value - 1)
    latest.value = latest.value.map((x) => (x.id === id ? n : x))
    return n
  }

  /** readAll marks every one read. */
  async function readAll(): Promise<void> {
    await post('/api/v1/notifications/read-all')
    const now = new Date().toISOString()
    unread.value = 0
    latest.value = latest.value.map((x) => (x.read_at ? x : { ...x, read_at: now }))
  }

  return { unread, latest, refresh, start, stop, markRead, readAll }
})
