// Simplified Chinese: the console's default language and the fallback for
// any key another language lacks.
import account from '@/console/account/i18n.zh-CN'
import apiKey from '@/console/apikeys/i18n.zh-CN'
import audit from '@/console/audit/i18n.zh-CN'
import calendar from '@/console/calendar/i18n.zh-CN'
import event from '@/console/events/i18n.zh-CN'
import grid from '@/console/grids/i18n.zh-CN'
import imports from '@/console/imports/i18n.zh-CN'
import login from '@/console/login/i18n.zh-CN'
import matter from '@/console/matters/i18n.zh-CN'
import notify from '@/console/notifications/i18n.zh-CN'
import population from '@/console/population/i18n.zh-CN'
import region from '@/console/regions/i18n.zh-CN'
import eventStats from '@/console/stats/i18n.zh-CN'
import unit from '@/console/units/i18n.zh-CN'
import user from '@/console/users/i18n.zh-CN'
import notice from '@/console/notices/i18n.zh-CN'
import booking from '@/console/bookings/i18n.zh-CN'
import residentAccount from '@/console/residentaccounts/i18n.zh-CN'
import epiMeasure from '@/console/epidemic/measures/i18n.zh-CN'
import epiSite from '@/console/epidemic/sites/i18n.zh-CN'
import venue from '@/console/epidemic/venues/i18n.zh-CN'
import epiWarn from '@/console/epidemic/warning/i18n.zh-CN'
import epiReport from '@/console/epidemic/reports/i18n.zh-CN'
import epiTest from '@/console/epidemic/tests/i18n.zh-CN'
import epiTrace from '@/console/epidemic/trace/i18n.zh-CN'
import risk from '@/console/epidemic/riskareas/i18n.zh-CN'
import vacc from '@/console/epidemic/vaccination/i18n.zh-CN'
import whistle from '@/console/whistle/i18n.zh-CN'
import workbench from '@/console/workbench/i18n.zh-CN'
import screening from '@/console/epidemic/screenings/i18n.zh-CN'
import epiChain from '@/console/epidemic/chains/i18n.zh-CN'
import problems from './problems.zh-CN'

export default {
  // each feature's messages, from its folder
  ...account,
  ...apiKey,
  ...audit,
  ...calendar,
  ...event,
  ...grid,
  ...imports,
  ...login,
  ...matter,
  ...notify,
  ...population,
  ...region,
  ...eventStats,
  ...unit,
  ...user,
  ...whistle,
  ...workbench,
  ...notice,
  ...booking,
  ...epiReport,
  ...residentAccount,
  ...epiMeasure,
  ...epiSite,
  ...venue,
  ...epiWarn,
  ...epiTest,
  ...epiTrace,
  ...risk,
  ...vacc,
  ...screening,
  ...epiChain,
  // the shared ones
  ...problems,
  // the built-in roles (internal/auth/roles.go)
  role: {
    sysadmin: '系统管理员',
    leader: '领导（查阅分析）',
    region_admin: '区域管理员',
    health_staff: '卫生健康工作人员',
    grid_worker: '网格员',
    dept_handler: '部门处置人员',
    dispatcher: '指挥调度员',
    epidemic_officer: '疫情防控专员',
    hospital_reporter: '医疗机构报卡人员',
    resident: '居民',
    partner: '合作系统（API）',
  },
  app: {
    title: '忻州市智慧卫健',
    subtitle: '卫生健康精细化治理平台',
    fullTitle: '忻州市智慧卫健 · 卫生健康精细化治理平台',
    version: '版本 {v}',
  },
  common: {
    search: '查询',
    reset: '重置',
    create: '新增',
    edit: '编辑',
    delete: '删除',
    save: '保存',
    cancel: '取消',
    confirm: '确定',
    close: '关闭',
    actions: '操作',
    yes: '是',
    no: '否',
    all: '全部',
    none: '无',
    loading: '加载中…',
    copy: '复制',
    copied: '已复制',
    saved: '保存成功',
    deleted: '删除成功',
    required: '请填写{field}',
    requiredSelect: '请选择{field}',
    total: '共 {n} 条',
    keyword: '关键字',
    colon: '：',
    deleteConfirm: '确定删除“{name}”吗？此操作不可恢复。',
    notFound: '页面不存在',
    backHome: '返回首页',
    invalidPhone: '请输入11位手机号码',
    invalidFormat: '{field}格式不正确',
    invalidJSON: 'GeoJSON 格式不正确',
  },
  lang: {
    label: '语言',
    'zh-CN': '简体中文',
    en: 'English',
  },
  menu: {
    workbench: '工作台',
    regions: '区划网格',
    gridMap: '网格地图',
    teams: '三队伍一人员',
    residents: '人口信息',
    buildings: '楼栋户籍',
    imports: '批量导入',
    transfers: '迁入迁出',
    population: '人口管理',
    units: '机构单位',
    users: '用户管理',
    audit: '审计日志',
    account: '我的账户',
    logout: '退出登录',
    system: '系统管理',
    basic: '基础网格',
    collab: '业务协同',
    matters: '事项清单',
    calendar: '工作日历',
    apiKeys: '合作系统密钥',
    events: '事件列表',
    eventInbox: '我的待办',
    eventReport: '事件上报',
    eventStats: '事件指标',
    eventWhistle: '吹哨报到',
    notices: '通知公告',
    bookings: '预约管理',
    bookingTeams: '团队排班',
    bookingServices: '服务目录',
    epiReports: '疫情报告',
    epidemic: '疫情防控',
    residentAccounts: '居民账号',
    appService: '应用服务',
    epiMeasures: '管控人员',
    epiSites: '隔离点',
    epiVenues: '场所管理',
    riskAreas: '风险区域',
    vaccination: '疫苗接种',
    epiTests: '检测结果',
    epiTrace: '流调溯源',
    epiChains: '传播链',
    epiOutbreaks: '聚集性疫情',
    epiWarning: '监测预警',
    screenings: '排查任务',
    epidemicPersons: '风险人员',
  },
  layout: {
    menu: '菜单',
    currentRegion: '当前区划',
    regionTree: '区划导航',
    collapse: '收起',
    expand: '展开',
    backToHome: '回到本级',
    loggedOut: '已退出登录',
  },
  level: {
    city: '市',
    county: '县（区）',
    township: '乡镇（街道）',
    village: '村（社区）',
    grid: '网格',
  },
  policy: {
    length: '至少 {min} 位',
    classes: '至少包含大写字母、小写字母、数字、特殊字符中的 {classes} 类',
  },
  errors: {
    forbiddenPage: '您没有访问该页面的权限',
  },
}
