// Routes, lazy-loaded per page, and the guard that enforces sign-in, a
// pending password change, and each page's permission.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { setApiHooks } from '@/api/client'
import { useAuthStore } from './stores/auth'
import { MENU, firstAllowed } from './menu'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    perm?: string
    title?: string
  }
}

const pages: Record<string, () => Promise<unknown>> = {
  regions: () => import('./pages/RegionsPage.vue'),
  units: () => import('./pages/UnitsPage.vue'),
  users: () => import('./pages/UsersPage.vue'),
  audit: () => import('./pages/AuditPage.vue'),
  account: () => import('./pages/AccountPage.vue'),
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('./pages/ChangePasswordPage.vue'),
  },
  {
    path: '/',
    component: () => import('./layout/ConsoleLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => firstAllowed(useAuthStore().can) },
      ...MENU.map((m) => ({
        path: m.path.slice(1),
        name: m.name,
        component: pages[m.name] as RouteRecordRaw['component'],
        meta: { perm: m.perm, title: m.title },
      })),
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
    ],
  },
]

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (to.meta.public) return true
  if (!(await auth.ensureMe())) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  if (auth.me?.must_change_password && to.name !== 'change-password') {
    return { name: 'change-password' }
  }
  if (to.meta.perm && !auth.can(to.meta.perm)) return firstAllowed(auth.can)
  return true
})

setApiHooks({
  onUnauthorized() {
    const cur = router.currentRoute.value
    if (cur.meta.public) return
    useAuthStore().forget()
    void router.push({ name: 'login', query: { redirect: cur.fullPath, expired: '1' } })
  },
  onPasswordChangeRequired() {
    if (router.currentRoute.value.name !== 'change-password') void router.push({ name: 'change-password' })
  },
})
