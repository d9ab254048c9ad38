// The read cache's words: how old the data kept on the phone is.
export default {
  offline: {
    age: '离线数据 · {ago}',
    justNow: '刚刚',
    minutes: '{n} 分钟前',
    hours: '{n} 小时前',
    days: '{n} 天前',
  },
}
