// The built-in roles with their labels, fetched once.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { get } from '@/api/client'
import type { Role } from '@/api/types'

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
    return labels.value.get(name) ?? name
  }

  return { roles, load, label }
})
