// Times as the app shows them: China's format, in Asia/Shanghai.
import { formatTime } from '@/console/utils/format'
import { i18n } from '../i18n'

/** shortTime is "YYYY-MM-DD HH:mm" in Asia/Shanghai; "" for none. */
export function shortTime(v: string | null | undefined): string {
  return formatTime(v).slice(0, 16)
}

/** dayTime is a time to come as a worker reads it: "6月3日 周三 10:00" (Asia/Shanghai); "" for none. */
export function dayTime(v: string | null | undefined): string {
  if (!v) return ''
  const { t, locale } = i18n.global
  const parts = new Intl.DateTimeFormat(locale.value, {
    timeZone: 'Asia/Shanghai',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(v))
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? ''
  return t('staff.when', { m: part('month'), d: part('day'), w: part('weekday'), time: `${part('hour')}:${part('minute')}` })
}
