/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { writeFileSync } from 'node:fs'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// emptyOutDir wipes web/dist, including the .gitkeep that lets //go:embed
// compile before the first build: put it back.
const keepGitkeep: Plugin = {
  name: 'keep-gitkeep',
  apply: 'build',
  closeBundle() {
    writeFileSync(fileURLToPath(new URL('./dist/.gitkeep', import.meta.url)), '')
  },
}

// The console is served by the Go binary at "/", so assets live at the root
// and the build lands in web/dist for //go:embed.
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    keepGitkeep,
    // Element Plus components are imported on demand, with their styles.
    Components({
      dts: false,
      resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false, ws: true },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
    // a component under test imports Element Plus's styles (the resolver
    // above adds them): let Vite, not Node, load that package
    server: { deps: { inline: ['element-plus'] } },
  },
})
