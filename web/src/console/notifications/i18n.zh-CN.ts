// 通知: the header's bell, its dropdown and the 通知 page. Spread into src/i18n/zh-CN.ts.
export default {
  notify: {
    title: '通知',
    bell: '通知',
    intro: '与您相关的案卷动态：新上报、派遣、回退、延期申请、待核查、结案、督办和时限预警。紧急事件同时以短信发送。',
    readAll: '全部已读',
    viewAll: '查看全部通知',
    empty: '暂无通知',
    emptyUnread: '没有未读通知',
    all: '全部',
    unreadOnly: '未读',
    markRead: '标为已读',
    unread: '{n} 条未读',
    urgent: '紧急',
    justNow: '刚刚',
    minutesAgo: '{n} 分钟前',
    hoursAgo: '{n} 小时前',
    sessionEnded: '登录已失效，请重新登录',
  },
}
