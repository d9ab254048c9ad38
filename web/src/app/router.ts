// The app's routes at /app/. The signed-out pages are open; the rest need a
// session, and each belongs to one audience — a resident's account reaches
// only the resident's pages, staff only theirs — and sends the other to
// its own home. Each audience's screens declare their routes in their own
// folder (resident/routes.ts, staff/routes.ts).
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/api/session'
import { setApiHooks } from '@/api/client'
import { openRoutes, residentRoutes } from './resident/routes'
import { staffRoutes } from './staff/routes'
import LoginPage from './shell/LoginPage.vue'
import OutboxPage from './outbox/OutboxPage.vue'
import TabLayout from './shell/TabLayout.vue'
import { whoIs } from './shell/me'

/** Who a page is for: anyone (signed out too), a signed-in resident, staff, or both. */
export type Audience = 'open' | 'resident' | 'staff' | 'signedIn'

declare module 'vue-router' {
  interface RouteMeta {
    audience?: Audience
    /** the tab bar item a page belongs under */
    tab?: string
  }
}

/** homeOf is where a user lands: residents on the home page, staff on their to-dos. */
export function homeOf(kind: string | undefined): string {
  return kind === 'resident' ? '/home' : '/inbox'
}

const routes: RouteRecordRaw[] = [
  // the two frames of every first screen come with the entry: one round
  // trip less on a slow link
  { path: '/login', component: LoginPage, meta: { audience: 'open' } },
  ...openRoutes,
  {
    path: '/',
    component: TabLayout,
    children: [
      ...residentRoutes,
      ...staffRoutes,
      { path: 'messages', component: () => import('./shell/MessagesPage.vue'), meta: { audience: 'signedIn', tab: 'messages' } },
      { path: 'me', component: () => import('./shell/MePage.vue'), meta: { audience: 'signedIn', tab: 'me' } },
      // in the entry bundle: the list of what waits must open with no signal, service worker or not
      { path: 'outbox', component: OutboxPage, meta: { audience: 'signedIn' } },
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory('/app/'), routes })

/** allowed tells whether a user of kind (undefined: signed out) may open a page for audience. */
export function allowed(audience: Audience | undefined, kind: string | undefined): boolean {
  switch (audience ?? 'signedIn') {
    case 'open':
      return true
    case 'signedIn':
      return !!kind
    case 'resident':
      return kind === 'resident'
    case 'staff':
      return !!kind && kind !== 'resident'
  }
}

router.beforeEach(async (to: RouteLocationNormalized) => {
  const kind = await whoIs(toLogin)
  if (to.path === '/') return kind ? homeOf(kind) : '/login'
  if (allowed(to.meta.audience, kind)) return true
  return kind ? homeOf(kind) : { path: '/login', query: { next: to.fullPath } }
})

function toLogin(): void {
  if (router.currentRoute.value.meta.audience !== 'open') void router.push('/login')
}

setApiHooks({
  onUnauthorized: () => {
    useAuthStore().forget()
    toLogin()
  },
})
