// The app's entry point: field staff and residents on their phones, at /app/.
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import './shell/app.css'
import App from './App.vue'
import { applyElder } from './elder'
import { i18n } from './i18n'
import { startOutbox } from './outbox'
import { router } from './router'
import { entryOf, watchVersion } from './version'

applyElder()
document.documentElement.lang = i18n.global.locale.value
createApp(App).use(createPinia()).use(i18n).use(router).mount('#app')
startOutbox()

// the service worker is an enhancement (iOS WeChat has none): the app starts
// and syncs without it; the version check works either way
if (import.meta.env.PROD) {
  watchVersion(entryOf(import.meta.url))
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch(() => {})
  }
}
