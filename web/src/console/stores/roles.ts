// The built-in roles with their labels, fetched once; a role is named in
// the user's language (messages role.<name>), else by the server's label.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { get } from '@/api/client'
import type { Role } from '@/api/types'
import { i18n } from '@/i18n'

export const useRolesStore = defineStore('roles', () => {
  const roles = ref<Role[]>([])
  let pending: Promise<void> | null = null

  const labels = computed(() => new Map(roles.value.map((r) => [r.name, r.label || r.name])))

  function load(): Promise<void> {
    pending ??= get('/api/v1/roles')
      .then((r) => {
        roles.value = r ?? []
      })
      .catch((e) => {
        pending = null
        throw e
      })
    return pending
  }

  function label(name: string): string {
    const key = `role.${name}`
    if (i18n.global.te(key)) return i18n.global.t(key)
    return labels.value.get(name) ?? name
  }

  return { roles, load, label }
})
