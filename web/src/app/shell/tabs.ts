// A tab of the bar: its key (shell.tabs.<name>), its first page and Vant icon,
// and the permission it needs (a role without it goes without the tab).
import type { Permission } from '@/api/enums'

export interface Tab {
  name: string
  to: string
  icon: string
  perm?: Permission
}
