// English. A key missing here falls back to Simplified Chinese.
import account from '@/console/account/i18n.en'
import apiKey from '@/console/apikeys/i18n.en'
import audit from '@/console/audit/i18n.en'
import calendar from '@/console/calendar/i18n.en'
import event from '@/console/events/i18n.en'
import grid from '@/console/grids/i18n.en'
import imports from '@/console/imports/i18n.en'
import login from '@/console/login/i18n.en'
import matter from '@/console/matters/i18n.en'
import notify from '@/console/notifications/i18n.en'
import population from '@/console/population/i18n.en'
import region from '@/console/regions/i18n.en'
import eventStats from '@/console/stats/i18n.en'
import unit from '@/console/units/i18n.en'
import user from '@/console/users/i18n.en'
import notice from '@/console/notices/i18n.en'
import booking from '@/console/bookings/i18n.en'
import residentAccount from '@/console/residentaccounts/i18n.en'
import epiMeasure from '@/console/epidemic/measures/i18n.en'
import epiSite from '@/console/epidemic/sites/i18n.en'
import venue from '@/console/epidemic/venues/i18n.en'
import epiWarn from '@/console/epidemic/warning/i18n.en'
import epiReport from '@/console/epidemic/reports/i18n.en'
import epiTest from '@/console/epidemic/tests/i18n.en'
import epiTrace from '@/console/epidemic/trace/i18n.en'
import risk from '@/console/epidemic/riskareas/i18n.en'
import vacc from '@/console/epidemic/vaccination/i18n.en'
import whistle from '@/console/whistle/i18n.en'
import workbench from '@/console/workbench/i18n.en'
import screening from '@/console/epidemic/screenings/i18n.en'
import epiChain from '@/console/epidemic/chains/i18n.en'
import problems from './problems.en'

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
    sysadmin: 'System administrator',
    leader: 'Leader (read and analyse)',
    region_admin: 'Region administrator',
    health_staff: 'Health staff',
    grid_worker: 'Grid worker',
    dept_handler: 'Department handler',
    dispatcher: 'Dispatcher',
    epidemic_officer: 'Epidemic officer',
    hospital_reporter: 'Hospital reporter',
    resident: 'Resident',
    partner: 'Partner system (API)',
  },
  app: {
    title: 'Xinzhou Smart Health',
    subtitle: 'Health Grid Governance Platform',
    fullTitle: 'Xinzhou Smart Health · Health Grid Governance Platform',
    version: 'Version {v}',
  },
  common: {
    search: 'Search',
    reset: 'Reset',
    create: 'New',
    edit: 'Edit',
    delete: 'Delete',
    save: 'Save',
    cancel: 'Cancel',
    confirm: 'OK',
    close: 'Close',
    actions: 'Actions',
    yes: 'Yes',
    no: 'No',
    all: 'All',
    none: 'None',
    loading: 'Loading…',
    copy: 'Copy',
    copied: 'Copied',
    saved: 'Saved',
    deleted: 'Deleted',
    required: '{field} is required',
    requiredSelect: 'Please choose {field}',
    total: '{n} in total',
    keyword: 'Keyword',
    colon: ': ',
    deleteConfirm: 'Delete "{name}"? This cannot be undone.',
    notFound: 'Page not found',
    backHome: 'Back to home',
    invalidPhone: 'Enter an 11-digit mobile number',
    invalidFormat: '{field} is not valid',
    invalidJSON: 'The GeoJSON is not valid',
  },
  lang: {
    label: 'Language',
    'zh-CN': '简体中文',
    en: 'English',
  },
  menu: {
    workbench: 'Workbench',
    regions: 'Regions & grids',
    gridMap: 'Grid map',
    teams: 'Teams',
    residents: 'Residents',
    buildings: 'Buildings & households',
    imports: 'Bulk import',
    transfers: 'Transfers',
    population: 'Population',
    units: 'Units',
    users: 'Users',
    audit: 'Audit log',
    account: 'My account',
    logout: 'Sign out',
    system: 'System',
    basic: 'Grid basics',
    collab: 'Collaboration',
    matters: 'Matter catalogue',
    calendar: 'Work calendar',
    apiKeys: 'Partner API keys',
    events: 'Events',
    eventInbox: 'My tasks',
    eventReport: 'Report an event',
    eventStats: 'Indicators',
    eventWhistle: 'Whistle board',
    notices: 'Notices',
    bookings: 'Bookings',
    epiReports: 'Case reports',
    epidemic: 'Epidemic',
    bookingTeams: 'Team capacity',
    bookingServices: 'Service catalogue',
    residentAccounts: 'Resident accounts',
    appService: 'App services',
    epiMeasures: 'People under measures',
    epiSites: 'Isolation sites',
    epiVenues: 'Venues',
    riskAreas: 'Risk areas',
    vaccination: 'Vaccination',
    epiTests: 'Test results',
    epiTrace: 'Contact tracing',
    epiChains: 'Transmission chains',
    epiOutbreaks: 'Outbreaks',
    epiWarning: 'Early warning',
    screenings: 'Screenings',
    epidemicPersons: 'Risk persons',
  },
  layout: {
    menu: 'Menu',
    currentRegion: 'Current region',
    regionTree: 'Regions',
    collapse: 'Collapse',
    expand: 'Expand',
    backToHome: 'Back to my region',
    loggedOut: 'Signed out',
  },
  level: {
    city: 'City',
    county: 'County / district',
    township: 'Township / street',
    village: 'Village / community',
    grid: 'Grid',
  },
  policy: {
    length: 'At least {min} characters',
    classes: 'At least {classes} of: upper case, lower case, digits, symbols',
  },
  errors: {
    forbiddenPage: 'You may not open this page',
  },
}
