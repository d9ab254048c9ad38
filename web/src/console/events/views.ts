// Saved views of the event list: a named filter set, kept per user in
// localStorage, applied with one click.
import { FILTER_KEYS, emptyFilters, type EventFilters } from './query'

export interface SavedView {
  name: string
  filters: EventFilters
}

/** The most views a user keeps; saving one more drops the oldest. */
export const MAX_VIEWS = 12

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** viewsKey is where a user's views are kept. */
export function viewsKey(user: string): string {
  return `hg.event-views.${user}`
}

/** clean keeps only the filter fields, with their types, of something read back from storage. */
function clean(v: unknown): EventFilters {
  const out = emptyFilters()
  if (!v || typeof v !== 'object') return out
  const src = v as Record<string, unknown>
  for (const k of FILTER_KEYS) {
    const x = src[k]
    if (typeof x === typeof out[k]) (out as unknown as Record<string, unknown>)[k] = x
  }
  return out
}

/** loadViews reads a user's views; anything unreadable counts as none. */
export function loadViews(user: string, s: Storage | undefined = storage()): SavedView[] {
  try {
    const raw = JSON.parse(s?.getItem(viewsKey(user)) ?? '[]') as unknown
    if (!Array.isArray(raw)) return []
    return raw
      .filter((v): v is { name: string; filters: unknown } => typeof v?.name === 'string' && v.name.trim() !== '')
      .map((v) => ({ name: v.name.trim(), filters: clean(v.filters) }))
  } catch {
    return []
  }
}

function store(user: string, views: SavedView[], s: Storage | undefined): SavedView[] {
  try {
    s?.setItem(viewsKey(user), JSON.stringify(views))
  } catch {
    // storage full or disabled: the views last until reload
  }
  return views
}

/** saveView adds a view, or replaces the one of the same name, and returns the list. */
export function saveView(user: string, view: SavedView, s: Storage | undefined = storage()): SavedView[] {
  const name = view.name.trim()
  const rest = loadViews(user, s).filter((v) => v.name !== name)
  const views = [...rest, { name, filters: { ...view.filters } }].slice(-MAX_VIEWS)
  return store(user, views, s)
}

/** removeView drops a view by name and returns the list. */
export function removeView(user: string, name: string, s: Storage | undefined = storage()): SavedView[] {
  return store(
    user,
    loadViews(user, s).filter((v) => v.name !== name),
    s,
  )
}
