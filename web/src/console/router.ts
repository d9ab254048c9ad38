// Routes, lazy-loaded per page, and the guard that enforces sign-in, a
// pending password change, and each page's permission.
import type { Component } from 'vue'
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { PASSWORD_CHANGE_REQUIRED, TOTP_ENROLMENT_REQUIRED, setApiHooks, type PendingStep } from '@/api/client'
import { useAuthStore, type Need } from '@/api/session'
import { MENU, firstAllowed } from './menu'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean
    perm?: Need
    title?: string
  }
}

const pages: Record<string, () => Promise<unknown>> = {
  workbench: () => import('./workbench/WorkbenchPage.vue'),
  regions: () => import('./regions/RegionsPage.vue'),
  'grid-map': () => import('./grids/GridMapPage.vue'),
  teams: () => import('./grids/TeamPage.vue'),
  residents: () => import('./population/ResidentsPage.vue'),
  buildings: () => import('./population/BuildingsPage.vue'),
  imports: () => import('./imports/ImportPage.vue'),
  transfers: () => import('./population/TransfersPage.vue'),
  events: () => import('./events/EventsPage.vue'),
  'event-inbox': () => import('./events/EventInboxPage.vue'),
  'event-report': () => import('./events/EventReportPage.vue'),
  'event-stats': () => import('./stats/EventStatsPage.vue'),
  'event-whistle': () => import('./whistle/WhistleBoardPage.vue'),
  matters: () => import('./matters/MattersPage.vue'),
  notices: () => import('./notices/NoticesPage.vue'),
  bookings: () => import('./bookings/BookingsPage.vue'),
  'booking-teams': () => import('./bookings/TeamLoadPage.vue'),
  'booking-services': () => import('./bookings/ServicesPage.vue'),
  'resident-accounts': () => import('./residentaccounts/ResidentAccountsPage.vue'),
  'epidemic-measures': () => import('./epidemic/measures/MeasuresPage.vue'),
  'epidemic-sites': () => import('./epidemic/sites/SitesPage.vue'),
  'epidemic-venues': () => import('./epidemic/venues/VenuesPage.vue'),
  'risk-areas': () => import('./epidemic/riskareas/RiskAreasPage.vue'),
  vaccination: () => import('./epidemic/vaccination/VaccinationPage.vue'),
  'epi-reports': () => import('./epidemic/reports/ReportsPage.vue'),
  'epidemic-tests': () => import('./epidemic/tests/TestsPage.vue'),
  'epidemic-trace': () => import('./epidemic/trace/TracePage.vue'),
  'epidemic-warning': () => import('./epidemic/warning/WarningPage.vue'),
  units: () => import('./units/UnitsPage.vue'),
  users: () => import('./users/UsersPage.vue'),
  audit: () => import('./audit/AuditPage.vue'),
  calendar: () => import('./calendar/CalendarPage.vue'),
  'api-keys': () => import('./apikeys/ApiKeysPage.vue'),
  account: () => import('./account/AccountPage.vue'),
  screenings: () => import('./epidemic/screenings/ScreeningsPage.vue'),
  'epidemic-persons': () => import('./epidemic/screenings/PersonsPage.vue'),
  'epidemic-chains': () => import('./epidemic/chains/ChainsPage.vue'),
  'epidemic-outbreaks': () => import('./epidemic/outbreaks/OutbreaksPage.vue'),
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./login/LoginPage.vue'), meta: { public: true } },
  {
    path: '/change-password',
    name: 'change-password',
    component: () => import('./account/ChangePasswordPage.vue'),
  },
  {
    path: '/epidemic/venues/print',
    name: 'venue-print',
    component: () => import('./epidemic/venues/PrintPage.vue'),
    meta: { perm: 'epidemic:read', title: 'menu.epiVenues' },
  },
  {
    path: '/enrol-totp',
    name: 'enrol-totp',
    component: () => import('./account/EnrolTotpPage.vue'),
  },
  {
    path: '/',
    component: () => import('./layout/ConsoleLayout.vue'),
    children: [
      { path: '', name: 'home', redirect: () => firstAllowed(useAuthStore().can) },
      ...MENU.map(
        (m): RouteRecordRaw => ({
          path: m.path.slice(1),
          name: m.name,
          component: pages[m.name] as () => Promise<Component>,
          meta: { perm: m.perm, title: m.title },
        }),
      ),
      {
        path: 'events/:id',
        name: 'event',
        component: () => import('./events/EventDetailPage.vue'),
        meta: { perm: 'event:read', title: 'menu.events' },
      },
      {
        path: 'epidemic/screenings/:id',
        name: 'screening',
        component: () => import('./epidemic/screenings/ScreeningPage.vue'),
        meta: { perm: 'epidemic:read', title: 'menu.screenings' },
      },
      {
        path: 'epidemic/persons/:id',
        name: 'epidemic-person',
        component: () => import('./epidemic/screenings/PersonPage.vue'),
        meta: { perm: 'epidemic:read', title: 'menu.epidemicPersons' },
      },
      {
        path: 'epidemic/chains/:id',
        name: 'epidemic-chain',
        component: () => import('./epidemic/chains/ChainPage.vue'),
        meta: { perm: 'epidemic:trace', title: 'menu.epiChains' },
      },
      {
        path: 'epidemic/outbreaks/:id',
        name: 'epidemic-outbreak',
        component: () => import('./epidemic/outbreaks/OutbreakPage.vue'),
        meta: { perm: 'epidemic:read', title: 'menu.epiOutbreaks' },
      },
      {
        path: 'epidemic/risk-areas/:id',
        name: 'risk-area',
        component: () => import('./epidemic/riskareas/RiskAreaPage.vue'),
        meta: { perm: 'epidemic:read', title: 'menu.riskAreas' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('./notifications/NotificationsPage.vue'),
        meta: { title: 'notify.title' },
      },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./layout/NotFoundPage.vue') },
    ],
  },
]

/** The page that lets the user take each pending step. */
const PENDING_PAGES: Record<PendingStep, string> = {
  [PASSWORD_CHANGE_REQUIRED]: 'change-password',
  [TOTP_ENROLMENT_REQUIRED]: 'enrol-totp',
}

function pendingOf(me: { pending?: string; must_change_password?: boolean } | null): PendingStep | undefined {
  if (!me) return undefined
  if (me.pending === TOTP_ENROLMENT_REQUIRED) return TOTP_ENROLMENT_REQUIRED
  if (me.pending === PASSWORD_CHANGE_REQUIRED || me.must_change_password) return PASSWORD_CHANGE_REQUIRED
  return undefined
}

export const router = createRouter({ history: createWebHistory('/'), routes })

router.beforeEach(async (to) => {
  const auth = useAuthStore()
  if (to.meta.public) return true
  if (!(await auth.ensureMe())) {
    return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  }
  const step = pendingOf(auth.me)
  if (step && to.name !== PENDING_PAGES[step]) return { name: PENDING_PAGES[step] }
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
  onPending(step) {
    const name = PENDING_PAGES[step]
    if (router.currentRoute.value.name === name) return
    // the profile is stale: reload it so the guard sees the step
    void useAuthStore()
      .loadMe()
      .catch(() => undefined)
      .finally(() => router.push({ name }))
  },
})
