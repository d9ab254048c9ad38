// The app's English (see i18n.zh-CN.ts).
import event from '@/console/events/i18n.en'
import problems from '@/i18n/problems.en'
import checkin from './checkin/i18n.en'
import offline from './offline/i18n.en'
import outbox from './outbox/i18n.en'
import resident from './resident/i18n.en'
import shell from './shell/i18n.en'
import staff from './staff/i18n.en'
import venue from './venue/i18n.en'

export default { ...problems, ...event, ...shell, ...outbox, ...offline, ...resident, ...staff, ...checkin, ...venue }
