// Simplified Chinese for the audit log screen. Spread into src/i18n/zh-CN.ts.
export default {
  audit: {
    title: '审计日志',
    seq: '序号',
    time: '时间',
    actor: '操作人',
    role: '角色',
    ip: 'IP 地址',
    action: '操作',
    objectType: '对象类型',
    objectId: '对象标识',
    outcome: '结果',
    detail: '详情',
    success: '成功',
    failure: '失败',
    range: '时间范围',
    from: '开始时间',
    to: '结束时间',
    verify: '校验日志链',
    verifyOk: '日志哈希链完整，共校验 {n} 条记录',
    verifyBroken: '日志哈希链在第 {seq} 条记录处断裂：{reason}（已校验 {n} 条）',
    verifyAnchorBad: '锚点日志不可信：{reason}',
    anchored: '与库外保存的 {n} 个签名锚点一致；最新锚点（{time}）记至第 {seq} 条。',
    notAnchored:
      '未与签名锚点核对：服务器尚无锚点，或锚点发往 syslog/HTTP 汇聚端（请用 healthgrid audit verify --anchors 核对）。',
  },
}
