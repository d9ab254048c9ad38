// The outbox's words: the badge, the list of writes waiting to be sent, and
// why there is no position.
export default {
  outbox: {
    title: '待同步',
    pending: '{n} 条待同步',
    attention: '{n} 条需处理',
    paused: '登录已失效，重新登录后继续同步',
    offline: '无网络',
    hint: '没有网络时提交的内容会先保存在本机，有网络后按提交顺序自动发送，不会重复。',
    syncNow: '立即同步',
    signIn: '重新登录',
    nextTry: '{time} 自动重试',
    waitOnline: '网络恢复后自动发送',
    empty: '没有待同步的内容',
    state: { queued: '待同步', sending: '发送中', attention: '需处理', done: '已发送' },
    photos: '{n} 张照片',
    attempts: '已尝试 {n} 次',
    retry: '重试',
    discard: '放弃',
    discardConfirm: '放弃后这条内容不会再发送，也无法恢复。确定放弃吗？',
    open: '查看',
    logoutPending: '还有 {n} 条内容未同步。退出后它们仍保存在本机，您再次登录后才会发送。确定退出吗？',
    geo: {
      denied: '未获得定位权限，请在手机设置中允许使用位置',
      unavailable: '暂时无法获取位置，请到开阔处重试',
      timeout: '定位超时，请重试',
      unsupported: '当前浏览器不支持定位',
      insecure: '定位需要通过 HTTPS 打开本应用',
    },
  },
}
