// The app's vue-i18n: the console's set-up (Simplified Chinese by default,
// English on request, the same remembered choice) over the app's own
// catalogue, so that the app's bundle carries none of the console's screens.
// Vant's own words follow the language.
import { createI18n } from 'vue-i18n'
import { Locale as VantLocale } from 'vant'
import enUS from 'vant/es/locale/lang/en-US'
import zhCNVant from 'vant/es/locale/lang/zh-CN'
import { i18nOptions, savedLocale, setLocale, type Locale } from '@/i18n'
import zhCN from './i18n.zh-CN'
import en from './i18n.en'

export const i18n = createI18n({ ...i18nOptions(), messages: { 'zh-CN': zhCN, en } })

function vant(locale: Locale): void {
  if (locale === 'en') VantLocale.use('en-US', enUS)
  else VantLocale.use('zh-CN', zhCNVant)
}
vant(savedLocale())

/** switchLocale changes the app's language, Vant's included, and remembers it. */
export function switchLocale(locale: Locale): void {
  setLocale(i18n, locale)
  vant(locale)
}
