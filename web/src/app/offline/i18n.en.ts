// The read cache's words in English (see i18n.zh-CN.ts).
export default {
  offline: {
    age: 'Offline data · {ago}',
    justNow: 'just now',
    minutes: '{n} minute ago | {n} minutes ago',
    hours: '{n} hour ago | {n} hours ago',
    days: '{n} day ago | {n} days ago',
  },
}
