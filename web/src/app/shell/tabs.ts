// A tab of the bar: its key (shell.tabs.<name>), its first page and Vant icon.
export interface Tab {
  name: string
  to: string
  icon: string
}
