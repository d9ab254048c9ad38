// The language set-up the console and the app share: Simplified Chinese by
// default, English on request, the choice remembered in localStorage. It
// holds no catalogue: each entry brings its own.
export type Locale = 'zh-CN' | 'en'
export const LOCALES: Locale[] = ['zh-CN', 'en']
export const DEFAULT_LOCALE: Locale = 'zh-CN'
/** The localStorage key that remembers the chosen language. */
export const LOCALE_KEY = 'hg.locale'

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

/** setLocale switches the language and remembers it. */
export function setLocale(i18n: { global: { locale: { value: string } } }, locale: Locale, s: Storage | undefined = storage()): void {
  i18n.global.locale.value = locale
  s?.setItem(LOCALE_KEY, locale)
  if (globalThis.document) document.documentElement.lang = locale
}
