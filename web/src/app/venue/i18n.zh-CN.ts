// The venue scan's words in Simplified Chinese.
export default {
  venue: {
    scanTitle: '场所登记',
    kinds: { school: '学校', market: '农贸市场', clinic: '医疗机构', restaurant: '餐饮', workplace: '单位', transport: '交通场站', other: '其他' },
    why: '进入场所请登记，便于发生疫情时及时通知您。记录保存 14 天后自动删除。',
    checkIn: '登记',
    doneTitle: '登记成功',
    leftTitle: '已离开',
    timeIn: '进入时间',
    timeOut: '离开时间',
    stayHint: '未点离开的，按 {at} 前离开记录',
    leave: '离开',
    left: '已记录离开',
    mine: '我的场所记录',
    kept: '近 14 天的场所记录，超过 14 天自动删除',
    none: '近 14 天没有场所记录',
    about: '约 {at}',
    badLink: '场所码不完整，请重新扫描场所张贴的场所码',
  },
}
