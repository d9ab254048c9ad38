// The app's service worker: an enhancement only (iOS WeChat has none), so
// the app starts and syncs without it. It keeps the shell and this build's
// assets for an offline start and answers from that cache first; the API is
// never cached here (the app keeps its own offline data in IndexedDB).
// vite.config.ts fills in this build's version and file list.
const VERSION = '__VERSION__'
const PRECACHE = __PRECACHE__
const CACHE = 'hg-app-' + VERSION
const SHELL = '/app/'

self.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('hg-app-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (e) => {
  const req = e.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (url.pathname === '/app/version.json' || url.pathname === '/app/sw.js') return
  if (req.mode === 'navigate') {
    if (!url.pathname.startsWith('/app/')) return
    // the shell from the cache at once; the page's version check offers the new one
    e.respondWith(caches.match(SHELL).then((hit) => hit || fetch(req)))
    return
  }
  if (!url.pathname.startsWith('/assets/') && !url.pathname.startsWith('/app/')) return
  e.respondWith(
    caches.match(req).then(
      (hit) =>
        hit ||
        fetch(req).then((res) => {
          if (res.ok) {
            const copy = res.clone()
            caches.open(CACHE).then((c) => c.put(req, copy))
          }
          return res
        }),
    ),
  )
})
