// The signed-in user, their permissions, and the server's public settings:
// one session for the console and the app (same cookie, same /me).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { ApiError, get, post } from '@/api/client'
import type { Me, Meta, Permission } from '@/api/types'

/** What a page or an action needs: a permission, or a list of which any one will do. */
export type Need = Permission | readonly Permission[]

export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null)
  const meta = ref<Meta | null>(null)

  const permissions = computed(() => new Set<Permission>(me.value?.permissions ?? []))

  /**
   * can tells whether the user holds permission p, or any one of a list of
   * them (no p: anyone signed in). Only the server's permission names type
   * check (PERMISSIONS, generated from its OpenAPI).
   */
  function can(p?: Need): boolean {
    if (!p) return true
    return typeof p === 'string' ? permissions.value.has(p) : p.some((x) => permissions.value.has(x))
  }

  async function loadMeta(): Promise<Meta | null> {
    if (meta.value) return meta.value
    try {
      meta.value = await get('/api/v1/meta', { quiet: true })
    } catch {
      meta.value = null
    }
    return meta.value
  }

  async function loadMe(): Promise<Me> {
    me.value = await get('/api/v1/me', { quiet: true })
    return me.value
  }

  /** ensureMe loads the user once; false when there is no valid session. */
  async function ensureMe(): Promise<boolean> {
    if (me.value) return true
    try {
      await loadMe()
      return true
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return false
      throw e
    }
  }

  async function logout(): Promise<void> {
    try {
      await post('/api/v1/auth/logout', { quiet: true })
    } catch {
      // the session may already be gone; the user is signed out either way
    }
    me.value = null
  }

  function forget(): void {
    me.value = null
  }

  return { me, meta, permissions, can, loadMeta, loadMe, ensureMe, logout, forget }
})
