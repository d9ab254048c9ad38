// @vitest-environment node
// The grid screens build some message keys at run time: all must exist.
import { describe, expect, it } from 'vitest'
import { messages } from '@/i18n'
import { COLOR_MODES } from './colors'
import { DUTIES, MEMBER_TYPES } from './types'

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

describe('grid message keys built at run time', () => {
  const keys = [
    ...MEMBER_TYPES.map((t) => `memberType.${t}`),
    ...DUTIES.map((d) => `duty.${d}`),
    ...COLOR_MODES.map((m) => `colorMode.${m}`),
    'gridProfile.km2',
    'gridProfile.m2',
  ]
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`are all in ${locale}`, () => {
      expect(keys.filter((k) => typeof lookup(messages[locale], k) !== 'string')).toEqual([])
    })
  }
})
