// English for the notifications: the header's bell, its dropdown and the page. Spread into src/i18n/en.ts.
export default {
  notify: {
    title: 'Notifications',
    bell: 'Notifications',
    intro:
      'What happens on the cases that concern you: new reports, dispatches, returns, extension requests, cases to verify, closures, supervision and deadline warnings. Urgent cases also come by SMS.',
    readAll: 'Mark all read',
    viewAll: 'All notifications',
    empty: 'No notifications',
    emptyUnread: 'No unread notifications',
    all: 'All',
    unreadOnly: 'Unread',
    markRead: 'Mark read',
    unread: '{n} unread',
    urgent: 'Urgent',
    justNow: 'just now',
    minutesAgo: '{n} min ago',
    hoursAgo: '{n} h ago',
    sessionEnded: 'Your session has ended: please sign in again',
  },
}
