// A team's load as the capacity page shows it.

const WEEKDAYS: Record<string, string[]> = {
  'zh-CN': ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
}

/** dayLabel shows a YYYY-MM-DD day as "05-12 周二" (its weekday in the language given). */
export function dayLabel(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number)
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return `${day.slice(5)} ${(WEEKDAYS[locale] ?? WEEKDAYS['zh-CN'])[wd]}`
}

/** loadShare is how full a day is, in percent (100 when the capacity is 0). */
export function loadShare(booked: number, perDay: number): number {
  if (perDay <= 0) return 100
  return Math.min(100, Math.round((booked / perDay) * 100))
}
