// Field staff's pages (audience "staff") and tabs.
import type { RouteRecordRaw } from 'vue-router'
import type { Tab } from '../shell/tabs'

export const STAFF_TABS: Tab[] = [{ name: 'inbox', to: '/inbox', icon: 'todo-list-o' }]

export const staffRoutes: RouteRecordRaw[] = [
  { path: 'inbox', component: () => import('./InboxPage.vue'), meta: { audience: 'staff', tab: 'inbox' } },
]
