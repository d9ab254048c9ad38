// The console's pages as the side menu lists them, each with the permission
// it needs: a user sees only the entries they can open.
import type { Component } from 'vue'
import { Avatar, Document, House, Location, MapLocation, OfficeBuilding, Service, Upload, User, UserFilled } from '@element-plus/icons-vue'

export interface MenuEntry {
  path: string
  name: string
  title: string
  icon: Component
  perm?: string
}

export const MENU: MenuEntry[] = [
  { path: '/regions', name: 'regions', title: 'menu.regions', icon: Location, perm: 'region:read' },
  { path: '/grid-map', name: 'grid-map', title: 'menu.gridMap', icon: MapLocation, perm: 'grid:read' },
  { path: '/teams', name: 'teams', title: 'menu.teams', icon: Service, perm: 'grid:read' },
  { path: '/residents', name: 'residents', title: 'menu.residents', icon: Avatar, perm: 'resident:read' },
  { path: '/buildings', name: 'buildings', title: 'menu.buildings', icon: House, perm: 'resident:read' },
  { path: '/imports', name: 'imports', title: 'menu.imports', icon: Upload, perm: 'resident:import' },
  { path: '/units', name: 'units', title: 'menu.units', icon: OfficeBuilding, perm: 'unit:read' },
  { path: '/users', name: 'users', title: 'menu.users', icon: User, perm: 'user:read' },
  { path: '/audit', name: 'audit', title: 'menu.audit', icon: Document, perm: 'audit:read' },
  { path: '/account', name: 'account', title: 'menu.account', icon: UserFilled },
]

/** firstAllowed is the first page the user may open (my account at least). */
export function firstAllowed(can: (p?: string) => boolean): string {
  return MENU.find((m) => can(m.perm))?.path ?? '/account'
}
