// 长辈模式 (elder mode), after MIIT's 《移动互联网应用(APP)适老化通用设计规范》:
// body text ≥ 18 px, headings up to 30 px, line spacing ≥ 1.3, contrast
// ≥ 4.5:1 and touch targets ≥ 60×60 px. It is one theme — Vant's
// ConfigProvider variables and the .elder class (shell/app.css) — over the
// same screens, remembered per device.
import { ref, watch } from 'vue'
import type { ConfigProviderThemeVars } from 'vant'

const KEY = 'hg.elder'
/** OFFERED remembers that a resident over 60 was asked once. */
const OFFERED = 'hg.elder.offered'

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** elder is on when this device chose it. */
export const elder = ref(storage()?.getItem(KEY) === '1')

watch(elder, (on) => {
  storage()?.setItem(KEY, on ? '1' : '0')
  document.documentElement.classList.toggle('elder', on)
})

/** applyElder puts the class on the page at start. */
export function applyElder(): void {
  document.documentElement.classList.toggle('elder', elder.value)
}

/** The theme of elder mode: larger type, taller controls, darker grey text. */
export const ELDER_THEME: ConfigProviderThemeVars = {
  fontSizeXs: '16px',
  fontSizeSm: '18px',
  fontSizeMd: '18px',
  fontSizeLg: '20px',
  lineHeightXs: '24px',
  lineHeightSm: '26px',
  lineHeightMd: '28px',
  lineHeightLg: '30px',
  textColor2: '#4a4d52',
  textColor3: '#5c5f66',
  cellFontSize: '18px',
  cellLineHeight: '28px',
  cellLabelFontSize: '16px',
  cellLabelLineHeight: '24px',
  cellVerticalPadding: '18px',
  cellLargeTitleFontSize: '22px',
  buttonDefaultHeight: '60px',
  buttonDefaultFontSize: '20px',
  buttonLargeHeight: '64px',
  buttonSmallHeight: '60px',
  buttonSmallFontSize: '18px',
  buttonSmallPadding: '0 18px',
  navBarHeight: '60px',
  navBarTitleFontSize: '22px',
  navBarArrowSize: '24px',
  navBarIconColor: '#1f5fbf',
  navBarTextColor: '#1f5fbf',
  tabbarHeight: '68px',
  tabbarItemFontSize: '16px',
  tabbarItemIconSize: '28px',
  tabFontSize: '18px',
  tabsLineHeight: '56px',
  fieldLabelWidth: '5.5em',
  fieldInputTextColor: '#1a1a1a',
  fieldPlaceholderTextColor: '#6b6e75',
  searchInputHeight: '44px',
  searchContentBackground: '#f2f3f5',
  tagFontSize: '16px',
  tagLineHeight: '24px',
  tagPadding: '2px 8px',
  dialogFontSize: '20px',
  dialogMessageFontSize: '18px',
  dialogButtonHeight: '60px',
  radioSize: '24px',
  checkboxSize: '24px',
  uploaderSize: '96px',
  gridItemTextFontSize: '18px',
  gridItemIconSize: '40px',
  emptyDescriptionFontSize: '18px',
  noticeBarFontSize: '18px',
  noticeBarHeight: '48px',
}

/** offerElder: a resident over 60 is asked once per device on first login. */
export function shouldOffer(age: number | undefined): boolean {
  if (elder.value || age === undefined || age < 60) return false
  return storage()?.getItem(OFFERED) !== '1'
}

/** offered remembers that the question was asked. */
export function offered(): void {
  storage()?.setItem(OFFERED, '1')
}
