// @vitest-environment node
// The matter screens build some message keys at run time: all must exist.
import { describe, expect, it } from 'vitest'
import { messages } from '@/i18n'
import { LIMIT_UNITS, PRIORITIES, STAGES } from './types'

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

describe('matter message keys built at run time', () => {
  const keys = [
    ...STAGES.map((s) => `matter.stage.${s}`),
    ...LIMIT_UNITS.map((u) => `matter.limitUnit.${u}`),
    ...PRIORITIES.map((p) => `matter.priorities.${p}`),
    'matter.enabledFilter.true',
    'matter.enabledFilter.false',
  ]
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`are all in ${locale}`, () => {
      expect(keys.filter((k) => typeof lookup(messages[locale], k) !== 'string')).toEqual([])
    })
  }
})
