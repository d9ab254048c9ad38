// How a notification's time reads: how long ago within the day, else the
// day and minute in China time.
import { i18n } from '@/i18n'
import { formatTime } from '../utils/format'

/** when is "刚刚", "N 分钟前", "N 小时前" within a day of now, else "MM-DD HH:mm". */
export function when(iso: string, now: Date = new Date()): string {
  const t = i18n.global.t
  const mins = Math.floor((now.getTime() - new Date(iso).getTime()) / 60_000)
  if (mins < 1) return t('notify.justNow')
  if (mins < 60) return t('notify.minutesAgo', { n: mins })
  if (mins < 24 * 60) return t('notify.hoursAgo', { n: Math.floor(mins / 60) })
  return formatTime(iso).slice(5, 16)
}

/** headline is the first line of a notification's body: the case's number and title. */
export function headline(body: string): string {
  return body.split('\n')[0]
}

/** detail is the rest of the body: who did what, or whose clock. */
export function detail(body: string): string {
  return body.split('\n').slice(1).join(' ')
}

/** APP is where the resident app is served: a resident's notifications link into it, outside the console's router. */
const APP = '/app/'

/** inApp tells a link into the resident app (a resident's message) from a console path. */
export function inApp(link: string): boolean {
  return link.startsWith(APP)
}
