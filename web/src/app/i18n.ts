// The app's vue-i18n: the shared language set-up (Simplified Chinese by
// default, English on request, the same remembered choice) over the app's
// own catalogue, so that its bundle carries none of the console's screens.
// Chinese comes with the app; English, and Vant's English, only when chosen.
import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import { i18nOptions, savedLocale, setLocale, type Locale } from '@/i18n/locale'
import zhCN from './i18n.zh-CN'

export const i18n = createI18n({ ...i18nOptions(), messages: { 'zh-CN': zhCN } as Record<string, typeof zhCN> })

/** loadLocale fetches a language's words once, before it is shown. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale !== 'en' || i18n.global.availableLocales.includes('en')) return
  const [en, vantEn] = await Promise.all([import('./i18n.en'), import('vant/es/locale/lang/en-US')])
  i18n.global.setLocaleMessage('en', en.default as typeof zhCN)
  VantLocale.add({ 'en-US': vantEn.default })
}

function vant(locale: Locale): void {
  VantLocale.use(locale === 'en' ? 'en-US' : 'zh-CN')
}

/** startLocale readies the remembered language before the first screen. */
export async function startLocale(): Promise<void> {
  const locale = savedLocale()
  await loadLocale(locale).catch(() => setLocale(i18n, 'zh-CN'))
  vant(i18n.global.locale.value as Locale)
}

/** switchLocale changes the app's language, Vant's included, and remembers it. */
export async function switchLocale(locale: Locale): Promise<void> {
  await loadLocale(locale)
  setLocale(i18n, locale)
  vant(locale)
}
