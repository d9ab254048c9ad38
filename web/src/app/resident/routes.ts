// The resident's pages (audience "resident") and tabs, and the pages a
// signed-out visitor opens (audience "open": sign-up, password reset, the
// city's notices), which router.ts puts outside the tab frame.
import type { RouteRecordRaw } from 'vue-router'
import type { Tab } from '../shell/tabs'

export const RESIDENT_TABS: Tab[] = [
  { name: 'home', to: '/home', icon: 'home-o' },
  { name: 'reports', to: '/reports', icon: 'orders-o' },
  { name: 'bookings', to: '/bookings', icon: 'calendar-o' },
]

const resident = (tab?: string) => ({ audience: 'resident' as const, tab })

export const residentRoutes: RouteRecordRaw[] = [
  { path: 'home', component: () => import('./HomePage.vue'), meta: resident('home') },
  { path: 'health/:id', component: () => import('./HealthPage.vue'), meta: resident('home') },
  { path: 'report', component: () => import('./ReportPage.vue'), meta: resident('reports') },
  { path: 'reports', component: () => import('./ReportsPage.vue'), meta: resident('reports') },
  { path: 'reports/:id', component: () => import('./ReportDetailPage.vue'), meta: resident('reports') },
  { path: 'bookings', component: () => import('./BookingsPage.vue'), meta: resident('bookings') },
  { path: 'bookings/new', component: () => import('./BookPage.vue'), meta: resident('bookings') },
  { path: 'me/bind', component: () => import('./BindPage.vue'), meta: resident('me') },
  { path: 'me/record', component: () => import('./RecordPage.vue'), meta: resident('me') },
  { path: 'me/phone', component: () => import('./PhonePage.vue'), meta: resident('me') },
  // the page a venue's poster opens (/app/venue?code=…&t=…), and the resident's own records
  { path: 'venue', component: () => import('../venue/ScanPage.vue'), meta: resident('home') },
  { path: 'me/venues', component: () => import('../venue/VisitsPage.vue'), meta: resident('me') },
]

export const openRoutes: RouteRecordRaw[] = [
  { path: '/register', component: () => import('./RegisterPage.vue'), meta: { audience: 'open' } },
  { path: '/reset', component: () => import('./ResetPage.vue'), meta: { audience: 'open' } },
  { path: '/notices', component: () => import('./NoticesPage.vue'), meta: { audience: 'open' } },
  { path: '/notices/:id', component: () => import('./NoticePage.vue'), meta: { audience: 'open' } },
]
