// The matter catalogue as the event screens use it: the tree, fetched once,
// as cascader options, and each matter by its code.
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { CascaderOption } from 'element-plus'
import { get } from '@/api/client'
import type { MatterNode } from './types'

export type Matter = NonNullable<MatterNode['matters']>[number]

/** A cascader option: a category with its sub-categories and matters, or a matter. */
export type MatterOption = CascaderOption & { value: string; label: string; children?: MatterOption[] }

/**
 * matterOptions turns the tree into cascader options: every matter (to
 * filter old cases by), or only those still offered for new ones.
 * Categories left without a matter are dropped.
 */
export function matterOptions(nodes: readonly MatterNode[] | null | undefined, enabledOnly = false): MatterOption[] {
  const out: MatterOption[] = []
  for (const n of nodes ?? []) {
    const children = [
      ...matterOptions(n.children, enabledOnly),
      ...(n.matters ?? []).filter((m) => !enabledOnly || m.enabled).map((m) => ({ value: m.code, label: m.name })),
    ]
    if (children.length) out.push({ value: `category:${n.code}`, label: n.name, children })
  }
  return out
}

/** flattenMatters lists every matter of the tree. */
export function flattenMatters(nodes: readonly MatterNode[] | null | undefined): Matter[] {
  return (nodes ?? []).flatMap((n) => [...flattenMatters(n.children), ...(n.matters ?? [])])
}

export const useMatterTree = defineStore('event-matters', () => {
  const tree = shallowRef<MatterNode[]>([])
  let pending: Promise<void> | null = null

  /** load fetches the tree once (again after a failure). */
  function load(): Promise<void> {
    pending ??= get('/api/v1/matters/tree')
      .then((t) => {
        tree.value = t ?? []
      })
      .catch((e) => {
        pending = null
        throw e
      })
    return pending
  }

  const byCode = computed(() => new Map(flattenMatters(tree.value).map((m) => [m.code, m])))

  return { tree, load, byCode, find: (code: string) => byCode.value.get(code) }
})
