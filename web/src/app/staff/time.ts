// Times as the app shows them: China's format, in Asia/Shanghai.
import { formatTime } from '@/console/utils/format'

/** shortTime is "YYYY-MM-DD HH:mm" in Asia/Shanghai; "" for none. */
export function shortTime(v: string | null | undefined): string {
  return formatTime(v).slice(0, 16)
}
