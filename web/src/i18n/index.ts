// The console's vue-i18n set-up: Simplified Chinese by default, English on
// request, the choice remembered in localStorage.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']
export const DEFAULT_LOCALE: Locale = 'zh-CN'
/** The localStorage key that remembers the chosen language. */
export const LOCALE_KEY = 'hg.locale'

export const messages = { 'zh-CN': zhCN, en }

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** savedLocale is the remembered language, or the default when none or unknown. */
export function savedLocale(s: Storage | undefined = storage()): Locale {
  const v = s?.getItem(LOCALE_KEY)
  return LOCALES.includes(v as Locale) ? (v as Locale) : DEFAULT_LOCALE
}

/** i18nOptions are the console's and the app's: keys missing in a language fall back to zh-CN. */
export function i18nOptions(locale: Locale = savedLocale()) {
  return { legacy: false as const, locale, fallbackLocale: DEFAULT_LOCALE, missingWarn: false, fallbackWarn: false }
}

/** createAppI18n builds the console's i18n instance. */
export function createAppI18n(locale: Locale = savedLocale(), msgs: typeof messages = messages) {
  return createI18n({ ...i18nOptions(locale), messages: msgs })
}

export type AppI18n = ReturnType<typeof createAppI18n>

/** setLocale switches the language and remembers it. */
export function setLocale(i18n: { global: { locale: { value: string } } }, locale: Locale, s: Storage | undefined = storage()): void {
  i18n.global.locale.value = locale
  s?.setItem(LOCALE_KEY, locale)
  if (globalThis.document) document.documentElement.lang = locale
}

export const i18n = createAppI18n()
