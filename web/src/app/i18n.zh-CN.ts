// The app's Simplified Chinese: its own screens' words, the event words it
// shares with the console, and the server's problems.
import event from '@/console/events/i18n.zh-CN'
import problems from '@/i18n/problems.zh-CN'
import checkin from './checkin/i18n.zh-CN'
import offline from './offline/i18n.zh-CN'
import outbox from './outbox/i18n.zh-CN'
import resident from './resident/i18n.zh-CN'
import shell from './shell/i18n.zh-CN'
import staff from './staff/i18n.zh-CN'
import venue from './venue/i18n.zh-CN'

export default { ...problems, ...event, ...shell, ...outbox, ...offline, ...resident, ...staff, ...checkin, ...venue }
