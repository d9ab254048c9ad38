// How old a kept answer is, in words: "刚刚", "5 分钟前", "3 小时前", "2 天前".
import { i18n } from '../i18n'

/** ageText words the age of something saved at savedAt (ms), as of now. */
export function ageText(savedAt: number, now: number = Date.now()): string {
  const { t } = i18n.global
  const min = Math.floor(Math.max(0, now - savedAt) / 60_000)
  if (min < 1) return t('offline.justNow')
  if (min < 60) return t('offline.minutes', { n: min }, min)
  const h = Math.floor(min / 60)
  if (h < 24) return t('offline.hours', { n: h }, h)
  const d = Math.floor(h / 24)
  return t('offline.days', { n: d }, d)
}
