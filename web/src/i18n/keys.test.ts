// @vitest-environment node
// Every literal key the console passes to t() must exist in both languages.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LEVELS, UNIT_TYPES, USER_STATUSES } from '@/api/types'
import { LOCALES, messages } from './index'

const root = fileURLToPath(new URL('..', import.meta.url))

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    if (statSync(p).isDirectory()) return files(p)
    return /\.(vue|ts)$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') ? [p] : []
  })
}

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

// t('a.b'), t("a.b"), and keys written as title: 'menu.x' / 'policy.x' in tables
const CALL = /\bt\(\s*['"]([a-zA-Z]+\.[a-zA-Z0-9_.-]+)['"]/g
const TABLE = /['"]((?:menu|policy|login)\.[a-zA-Z]+)['"]/g

describe('message keys', () => {
  const used = new Set<string>()
  for (const f of files(root)) {
    const src = readFileSync(f, 'utf8')
    for (const m of src.matchAll(CALL)) used.add(m[1])
    for (const m of src.matchAll(TABLE)) used.add(m[1])
  }

  // keys built at run time: t(`unitType.${type}`) and the like
  for (const ty of UNIT_TYPES) used.add(`unitType.${ty}`)
  for (const l of LEVELS) used.add(`level.${l}`)
  for (const st of USER_STATUSES) used.add(`userStatus.${st}`)
  for (const l of LOCALES) used.add(`lang.${l}`)

  it('finds the keys', () => {
    expect(used.size).toBeGreaterThan(100)
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`are all in ${locale}`, () => {
      const missing = [...used].filter((k) => typeof lookup(messages[locale], k) !== 'string')
      expect(missing).toEqual([])
    })
  }
})
