// The outbox's words in English (see i18n.zh-CN.ts).
export default {
  outbox: {
    title: 'To sync',
    pending: '{n} waiting to sync',
    attention: '{n} need attention',
    paused: 'Signed out: sign in again to go on syncing',
    offline: 'No network',
    hint: 'What you submit without a network is kept on this phone and sent in order, once, when the network returns.',
    syncNow: 'Sync now',
    signIn: 'Sign in again',
    nextTry: 'Retrying at {time}',
    waitOnline: 'Will be sent when the network returns',
    empty: 'Nothing waiting to sync',
    state: { queued: 'Waiting', sending: 'Sending', attention: 'Needs attention', done: 'Sent' },
    photos: '{n} photo | {n} photos',
    attempts: 'Tried once | Tried {n} times',
    retry: 'Retry',
    discard: 'Discard',
    discardConfirm: 'A discarded item is never sent and cannot be recovered. Discard it?',
    open: 'Open',
    logoutPending:
      '{n} item has not been synced yet. It stays on this phone and is sent when you sign in again. Sign out now? | {n} items have not been synced yet. They stay on this phone and are sent when you sign in again. Sign out now?',
    geo: {
      denied: 'Location permission denied: allow this app to use your location in the phone’s settings',
      unavailable: 'Your location is not available right now: try again in the open',
      timeout: 'Finding your location took too long: try again',
      unsupported: 'This browser cannot give a location',
      insecure: 'Location needs the app opened over HTTPS',
    },
  },
}
