// Simplified Chinese for the unit screens. Spread into src/i18n/zh-CN.ts.
export default {
  unitType: {
    health_commission: '卫生健康委员会',
    cdc: '疾病预防控制中心',
    hospital: '医院',
    community_health_center: '社区卫生服务中心',
    township_health_center: '乡镇卫生院',
    village_clinic: '村卫生室',
    street_office: '街道办事处',
    community_committee: '社区居委会',
    police_station: '派出所',
    party_branch: '党支部',
    volunteer_org: '志愿者组织',
    other: '其他',
  },
  unit: {
    title: '机构单位',
    name: '单位名称',
    type: '单位类型',
    region: '所属区划',
    phone: '联系电话',
    address: '地址',
    createTitle: '新增单位',
    editTitle: '编辑单位',
    keywordPlaceholder: '单位名称',
  },
}
