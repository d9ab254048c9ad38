// The console's vue-i18n: its catalogue over the shared language set-up
// (locale.ts).
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import { i18nOptions, savedLocale, type Locale } from './locale'

export * from './locale'

export const messages = { 'zh-CN': zhCN, en }

/** createAppI18n builds the console's i18n instance. */
export function createAppI18n(locale: Locale = savedLocale(), msgs: typeof messages = messages) {
  return createI18n({ ...i18nOptions(locale), messages: msgs })
}

export type AppI18n = ReturnType<typeof createAppI18n>

export const i18n = createAppI18n()
