// Field staff's pages (audience "staff") and tabs: 待办, 网格, 随访.
import type { RouteRecordRaw } from 'vue-router'
import type { Tab } from '../shell/tabs'

export const STAFF_TABS: Tab[] = [
  { name: 'inbox', to: '/inbox', icon: 'todo-list-o' },
  { name: 'grid', to: '/grid', icon: 'cluster-o' },
  { name: 'visits', to: '/visits', icon: 'notes-o', perm: 'visit:read' },
]

const staff = (tab: string) => ({ audience: 'staff' as const, tab })

export const staffRoutes: RouteRecordRaw[] = [
  { path: 'inbox', component: () => import('./InboxPage.vue'), meta: staff('inbox') },
  { path: 'events/:id', component: () => import('./EventPage.vue'), meta: staff('inbox') },
  { path: 'epidemic/persons/:id', component: () => import('./screening/PersonPage.vue'), meta: staff('inbox') },
  { path: 'grid', component: () => import('./GridPage.vue'), meta: staff('grid') },
  { path: 'residents/:id', component: () => import('./ResidentPage.vue'), meta: staff('grid') },
  { path: 'epidemic/measures', component: () => import('./measures/MeasuresPage.vue'), meta: staff('grid') },
  { path: 'epidemic/measures/:id', component: () => import('./measures/MeasurePage.vue'), meta: staff('grid') },
  { path: 'visits', component: () => import('./VisitsPage.vue'), meta: staff('visits') },
  { path: 'visits/new', component: () => import('./VisitNewPage.vue'), meta: staff('visits') },
  { path: 'visits/:id', component: () => import('./VisitPage.vue'), meta: staff('visits') },
  { path: 'bookings-to-schedule', component: () => import('./ToSchedulePage.vue'), meta: staff('visits') },
  { path: 'bookings-to-schedule/:id', component: () => import('./SchedulePage.vue'), meta: staff('visits') },
]
