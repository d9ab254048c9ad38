// The console's pages as the side menu lists them, each with the permission
// it needs: a user sees only the entries they can open. Entries with a group
// are shown together under it, where the group's first entry stands.
import type { Component } from 'vue'
import type { Need } from '@/api/session'
import {
  AlarmClock,
  Avatar,
  Bell,
  Calendar,
  Collection,
  DataAnalysis,
  Document,
  FirstAidKit,
  HomeFilled,
  Shop,
  EditPen,
  Histogram,
  House,
  Iphone,
  Key,
  List,
  Location,
  Management,
  Memo,
  Notification,
  MapLocation,
  Monitor,
  OfficeBuilding,
  Service,
  Setting,
  Share,
  Stamp,
  Switch,
  Tickets,
  Upload,
  User,
  Warning,
  UserFilled,
  Connection,
  WarningFilled,
} from '@element-plus/icons-vue'

export interface MenuEntry {
  path: string
  name: string
  title: string
  icon: Component
  /** the permission it needs, or a list of which any one will do */
  perm?: Need
  /** the sub-menu it sits in: a message key of MENU_GROUPS */
  group?: MenuGroupKey
  /** hidden from a user whose area is one grid, where the page has nothing */
  notInGrid?: boolean
}

/** A grid's code: 15 digits (a region's has 12). */
const GRID_CODE = /^\d{15}$/

/** shown tells whether the menu lists the entry for a user with these permissions and area. */
export function shown(m: MenuEntry, can: (p?: Need) => boolean, regionCode = ''): boolean {
  return can(m.perm) && !(m.notInGrid && GRID_CODE.test(regionCode))
}

/** The side menu's groups, each with its icon. */
export const MENU_GROUPS = {
  'menu.population': Avatar,
  'menu.collab': Share,
  'menu.appService': Iphone,
  'menu.epidemic': FirstAidKit,
  'menu.system': Setting,
} as const satisfies Record<string, Component>
export type MenuGroupKey = keyof typeof MENU_GROUPS

export const MENU: MenuEntry[] = [
  { path: '/workbench', name: 'workbench', title: 'menu.workbench', icon: Monitor, perm: 'event:read' },
  { path: '/regions', name: 'regions', title: 'menu.regions', icon: Location, perm: 'region:read' },
  { path: '/grid-map', name: 'grid-map', title: 'menu.gridMap', icon: MapLocation, perm: 'grid:read' },
  { path: '/teams', name: 'teams', title: 'menu.teams', icon: Service, perm: 'grid:read' },
  { path: '/residents', name: 'residents', title: 'menu.residents', icon: Avatar, perm: 'resident:read', group: 'menu.population' },
  { path: '/buildings', name: 'buildings', title: 'menu.buildings', icon: House, perm: 'resident:read', group: 'menu.population' },
  { path: '/imports', name: 'imports', title: 'menu.imports', icon: Upload, perm: 'resident:import', group: 'menu.population' },
  { path: '/transfers', name: 'transfers', title: 'menu.transfers', icon: Switch, perm: 'resident:read', group: 'menu.population' },
  { path: '/events', name: 'events', title: 'menu.events', icon: Tickets, perm: 'event:read', group: 'menu.collab' },
  { path: '/events/inbox', name: 'event-inbox', title: 'menu.eventInbox', icon: Bell, perm: 'event:handle', group: 'menu.collab' },
  { path: '/events/new', name: 'event-report', title: 'menu.eventReport', icon: EditPen, perm: 'event:report', group: 'menu.collab' },
  { path: '/events/whistle', name: 'event-whistle', title: 'menu.eventWhistle', icon: AlarmClock, perm: 'event:read', group: 'menu.collab' },
  { path: '/events/stats', name: 'event-stats', title: 'menu.eventStats', icon: Histogram, perm: 'event:read', group: 'menu.collab' },
  {
    path: '/matters',
    name: 'matters',
    title: 'menu.matters',
    icon: Collection,
    perm: ['event:read', 'matter:write'],
    group: 'menu.collab',
  },
  {
    path: '/notices',
    name: 'notices',
    title: 'menu.notices',
    icon: Notification,
    perm: ['notice:write', 'notice:review'],
    group: 'menu.appService',
  },
  { path: '/bookings', name: 'bookings', title: 'menu.bookings', icon: Memo, perm: 'booking:read', group: 'menu.appService' },
  {
    path: '/booking-teams',
    name: 'booking-teams',
    title: 'menu.bookingTeams',
    icon: Management,
    perm: 'booking:read',
    group: 'menu.appService',
  },
  {
    path: '/booking-services',
    name: 'booking-services',
    title: 'menu.bookingServices',
    icon: List,
    perm: 'booking:catalogue',
    group: 'menu.appService',
  },
  {
    path: '/resident-accounts',
    name: 'resident-accounts',
    title: 'menu.residentAccounts',
    icon: Stamp,
    perm: 'resident_account:confirm',
    group: 'menu.appService',
  },
  {
    path: '/epidemic/reports',
    name: 'epi-reports',
    title: 'menu.epiReports',
    icon: Tickets,
    perm: ['epidemic:read', 'epidemic:report'],
    group: 'menu.epidemic',
  },
  {
    path: '/epidemic/screenings',
    name: 'screenings',
    title: 'menu.screenings',
    icon: List,
    perm: 'epidemic:read',
    group: 'menu.epidemic',
  },
  {
    path: '/epidemic/persons',
    name: 'epidemic-persons',
    title: 'menu.epidemicPersons',
    icon: Warning,
    perm: 'epidemic:read',
    group: 'menu.epidemic',
  },
  {
    path: '/epidemic/measures',
    name: 'epidemic-measures',
    title: 'menu.epiMeasures',
    icon: FirstAidKit,
    perm: 'epidemic:read',
    group: 'menu.epidemic',
  },
  { path: '/epidemic/risk-areas', name: 'risk-areas', title: 'menu.riskAreas', icon: Warning, perm: 'epidemic:read', group: 'menu.epidemic' },
  { path: '/epidemic/vaccination', name: 'vaccination', title: 'menu.vaccination', icon: DataAnalysis, perm: 'epidemic:read', group: 'menu.epidemic' },
  { path: '/epidemic/sites', name: 'epidemic-sites', title: 'menu.epiSites', icon: HomeFilled, perm: 'epidemic:read', group: 'menu.epidemic' },
  { path: '/epidemic/venues', name: 'epidemic-venues', title: 'menu.epiVenues', icon: Shop, perm: 'epidemic:read', group: 'menu.epidemic' },
  {
    path: '/epidemic/tests',
    name: 'epidemic-tests',
    title: 'menu.epiTests',
    icon: DataAnalysis,
    perm: 'epidemic:read',
    group: 'menu.epidemic',
  },
  { path: '/epidemic/trace', name: 'epidemic-trace', title: 'menu.epiTrace', icon: Share, perm: 'epidemic:trace', group: 'menu.epidemic' },
  { path: '/epidemic/chains', name: 'epidemic-chains', title: 'menu.epiChains', icon: Connection, perm: 'epidemic:trace', group: 'menu.epidemic' },
  {
    path: '/epidemic/outbreaks',
    name: 'epidemic-outbreaks',
    title: 'menu.epiOutbreaks',
    icon: WarningFilled,
    perm: 'epidemic:read',
    group: 'menu.epidemic',
  },
  { path: '/epidemic/warning', name: 'epidemic-warning', title: 'menu.epiWarning', icon: Bell, perm: 'epidemic:read', group: 'menu.epidemic' },
  { path: '/units', name: 'units', title: 'menu.units', icon: OfficeBuilding, perm: 'unit:read', notInGrid: true },
  { path: '/users', name: 'users', title: 'menu.users', icon: User, perm: 'user:read' },
  { path: '/audit', name: 'audit', title: 'menu.audit', icon: Document, perm: 'audit:read' },
  {
    path: '/calendar',
    name: 'calendar',
    title: 'menu.calendar',
    icon: Calendar,
    perm: 'calendar:write',
    group: 'menu.system',
  },
  { path: '/api-keys', name: 'api-keys', title: 'menu.apiKeys', icon: Key, perm: 'apikey:manage', group: 'menu.system' },
  { path: '/account', name: 'account', title: 'menu.account', icon: UserFilled },
]

/** A side-menu item: a page, or a group of pages. */
export type MenuItem = { kind: 'page'; entry: MenuEntry } | { kind: 'group'; key: MenuGroupKey; entries: MenuEntry[] }

/** menuItems arranges the entries for the side menu: each group where its first entry stands. */
export function menuItems(entries: MenuEntry[]): MenuItem[] {
  const out: MenuItem[] = []
  for (const entry of entries) {
    if (!entry.group) {
      out.push({ kind: 'page', entry })
      continue
    }
    const group = out.find((i) => i.kind === 'group' && i.key === entry.group)
    if (group?.kind === 'group') group.entries.push(entry)
    else out.push({ kind: 'group', key: entry.group, entries: [entry] })
  }
  return out
}

/** firstAllowed is the first page the user may open (my account at least). */
export function firstAllowed(can: (p?: Need) => boolean): string {
  return MENU.find((m) => can(m.perm))?.path ?? '/account'
}
