// The "current region": the filter the list pages apply, chosen in the
// region tree or on the map, and the user's home region by default.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { useAuthStore } from '@/api/session'

export interface RegionRef {
  code: string
  name: string
  level?: string
}

const KEY = 'hg.region'

function load(): RegionRef | null {
  try {
    const v = sessionStorage.getItem(KEY)
    return v ? (JSON.parse(v) as RegionRef) : null
  } catch {
    return null
  }
}

export const useRegionStore = defineStore('region', () => {
  const auth = useAuthStore()
  const picked = ref<RegionRef | null>(load())

  const home = computed<RegionRef | null>(() =>
    auth.me ? { code: auth.me.region_code, name: auth.me.region_name ?? auth.me.region_code } : null,
  )

  /** The region the list pages filter by: the picked one inside the home subtree, else home. */
  const current = computed<RegionRef | null>(() => {
    const h = home.value
    const p = picked.value
    if (p && h && p.code.startsWith(trimCode(h.code))) return p
    return h
  })

  const isHome = computed(() => !!current.value && current.value.code === home.value?.code)

  function setCurrent(r: RegionRef | null): void {
    picked.value = r
    try {
      if (r) sessionStorage.setItem(KEY, JSON.stringify(r))
      else sessionStorage.removeItem(KEY)
    } catch {
      // private mode: the choice lasts until reload
    }
  }

  return { current, home, isHome, setCurrent }
})

/**
 * trimCode drops the trailing zero groups of a statistical code, giving the
 * prefix every descendant's code starts with ("140902000000" → "140902").
 */
export function trimCode(code: string): string {
  if (code.length !== 12) return code
  if (code.endsWith('0000000000')) return code.slice(0, 2)
  if (code.endsWith('00000000')) return code.slice(0, 4)
  if (code.endsWith('000000')) return code.slice(0, 6)
  if (code.endsWith('000')) return code.slice(0, 9)
  return code
}
