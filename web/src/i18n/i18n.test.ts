import { describe, expect, it } from 'vitest'
import { createAppI18n, LOCALE_KEY, messages, savedLocale, setLocale } from './index'

function memoryStorage(init: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(init))
  return {
    get length() {
      return m.size
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  }
}

type Tree = { [k: string]: string | Tree }
function keys(t: Tree, prefix = ''): string[] {
  return Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)))
}

describe('i18n', () => {
  it('defaults to Simplified Chinese', () => {
    expect(savedLocale(memoryStorage())).toBe('zh-CN')
    expect(savedLocale(memoryStorage({ [LOCALE_KEY]: 'fr' }))).toBe('zh-CN')
    const i18n = createAppI18n(savedLocale(memoryStorage()))
    expect(i18n.global.t('menu.users')).toBe('用户管理')
  })

  it('remembers the chosen language', () => {
    const s = memoryStorage()
    const i18n = createAppI18n('zh-CN')
    setLocale(i18n, 'en', s)
    expect(s.getItem(LOCALE_KEY)).toBe('en')
    expect(savedLocale(s)).toBe('en')
    expect(i18n.global.t('menu.users')).toBe('Users')
  })

  it('falls back to Chinese for a key English lacks', () => {
    const msgs = structuredClone(messages)
    delete (msgs.en.app as Partial<typeof msgs.en.app>).title
    const i18n = createAppI18n('en', msgs)
    expect(i18n.global.t('app.subtitle')).toBe('Health Grid Governance Platform')
    expect(i18n.global.t('app.title')).toBe('忻州市智慧卫健')
  })

  it('has every key in both languages', () => {
    const zh = keys(messages['zh-CN'] as Tree).sort()
    const en = keys(messages.en as Tree).sort()
    expect(en).toEqual(zh)
  })

  it('interpolates', () => {
    const i18n = createAppI18n('zh-CN')
    expect(i18n.global.t('common.total', { n: 3 })).toBe('共 3 条')
  })
})
