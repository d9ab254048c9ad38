// The resident's pages (audience "resident") and tabs.
import type { RouteRecordRaw } from 'vue-router'
import type { Tab } from '../shell/tabs'

export const RESIDENT_TABS: Tab[] = [{ name: 'home', to: '/home', icon: 'home-o' }]

export const residentRoutes: RouteRecordRaw[] = [
  { path: 'home', component: () => import('./HomePage.vue'), meta: { audience: 'resident', tab: 'home' } },
]
