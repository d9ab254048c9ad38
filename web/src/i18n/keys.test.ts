// @vitest-environment node
// Every literal key the console and the app pass to t() must exist in both
// languages of their own catalogue.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { LEVELS, UNIT_TYPES, USER_STATUSES } from '@/api/types'
import appEn from '@/app/i18n.en'
import appZh from '@/app/i18n.zh-CN'
import { LOCALES, messages } from './index'

const root = fileURLToPath(new URL('..', import.meta.url))

function files(dir: string, skip = ''): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    if (p === skip) return []
    if (statSync(p).isDirectory()) return files(p, skip)
    return /\.(vue|ts)$/.test(f) && !f.endsWith('.test.ts') && !f.endsWith('.d.ts') ? [p] : []
  })
}

function lookup(tree: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
}

// t('a.b'), t("a.b"), and keys written as title: 'menu.x' / 'policy.x' in tables
const CALL = /\bt\(\s*['"]([a-zA-Z]+\.[a-zA-Z0-9_.-]+)['"]/g
const TABLE = /['"]((?:menu|policy|login)\.[a-zA-Z]+)['"]/g

function keysIn(paths: string[]): Set<string> {
  const used = new Set<string>()
  for (const f of paths) {
    const src = readFileSync(f, 'utf8')
    for (const m of src.matchAll(CALL)) used.add(m[1])
    for (const m of src.matchAll(TABLE)) used.add(m[1])
  }
  return used
}

function missingIn(catalogue: unknown, used: Set<string>): string[] {
  return [...used].filter((k) => typeof lookup(catalogue, k) !== 'string')
}

describe('message keys', () => {
  // the console: everything but the app
  const used = keysIn(files(root, join(root, 'app')))

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
      expect(missingIn(messages[locale], used)).toEqual([])
    })
  }

  // the app: its own folder and the shared pieces it words with
  const app = keysIn([...files(join(root, 'app')), ...files(join(root, 'i18n')), ...files(join(root, 'api'))])
  for (const [locale, catalogue] of [['zh-CN', appZh], ['en', appEn]] as const) {
    it(`of the app are all in its ${locale}`, () => {
      expect(missingIn(catalogue, app)).toEqual([])
    })
  }
})
