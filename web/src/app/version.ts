// The version check: WeChat's X5 engine may keep an old page for days. The
// build writes app/version.json naming the app's entry file (its name holds
// its content's hash); a page whose own entry differs is out of date and
// offers a reload. Asked at start, when the app comes to the front and
// every half hour.
import { ref } from 'vue'

/** stale is true once a newer build is on the server. */
export const stale = ref(false)

/** entryOf is the path of the running entry chunk, from its module URL. */
export function entryOf(moduleURL: string): string {
  return new URL(moduleURL).pathname
}

/** isStale compares the server's version file with the running entry. */
export function isStale(version: unknown, entry: string): boolean {
  const e = (version as { entry?: unknown } | null)?.entry
  return typeof e === 'string' && e.startsWith('/assets/') && entry.startsWith('/assets/') && e !== entry
}

async function check(entry: string): Promise<void> {
  try {
    const res = await fetch('/app/version.json', { cache: 'no-store' })
    if (res.ok && isStale(await res.json(), entry)) stale.value = true
  } catch {
    // offline: ask again later
  }
}

/** watchVersion starts the checks for the running entry. */
export function watchVersion(entry: string): void {
  void check(entry)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void check(entry)
  })
  setInterval(() => void check(entry), 30 * 60 * 1000)
}
