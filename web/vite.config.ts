/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'
import { defineConfig, type Plugin, type Rollup } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { VantResolver } from '@vant/auto-import-resolver'

// emptyOutDir wipes web/dist, including the .gitkeep that lets //go:embed
// compile before the first build: put it back.
const keepGitkeep: Plugin = {
  name: 'keep-gitkeep',
  apply: 'build',
  closeBundle() {
    writeFileSync(fileURLToPath(new URL('./dist/.gitkeep', import.meta.url)), '')
  },
}

// The app's files: its entry chunk and everything it may load (lazy screens
// included), with their CSS and assets, so that it starts offline.
function appFiles(bundle: Rollup.OutputBundle): { entry: string; files: string[] } {
  const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === 'chunk')
  const entry = chunks.find((c) => c.isEntry && /app[\\/]index\.html$/.test(c.facadeModuleId ?? ''))
  if (!entry) throw new Error('app-service-worker: no chunk for app/index.html')
  const seen = new Set<string>()
  const walk = (name: string) => {
    if (seen.has(name)) return
    seen.add(name)
    const c = bundle[name]
    if (c?.type !== 'chunk') return
    c.viteMetadata?.importedCss.forEach((f) => seen.add(f))
    c.viteMetadata?.importedAssets.forEach((f) => seen.add(f))
    ;[...c.imports, ...c.dynamicImports].forEach(walk)
  }
  walk(entry.fileName)
  return { entry: entry.fileName, files: [...seen].sort() }
}

// Every text file of the build gets a gzipped sibling (name.gz) that the Go
// server sends to a browser that takes gzip: compressed once, at the best
// level, rather than on every request — a phone on a village network gets a
// third of the bytes.
const precompress: Plugin = {
  name: 'precompress',
  apply: 'build',
  closeBundle() {
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]))
    for (const f of walk(fileURLToPath(new URL('./dist', import.meta.url)))) {
      if (!/\.(js|css|html|json|webmanifest|svg)$/.test(f)) continue
      const raw = readFileSync(f)
      if (raw.length < 1024) continue
      const gz = gzipSync(raw, { level: 9 })
      if (gz.length < raw.length * 0.9) writeFileSync(f + '.gz', gz)
    }
  },
}

// Vant's icon font comes inlined in its CSS (30 KB gzipped on every first
// screen, icons or not) with a woff fallback on a CDN. The app loads nothing
// from outside, and a font file is fetched only when a glyph is shown: the
// woff2 becomes a hashed file of its own and the CDN fallback goes.
const iconFontFile: Plugin = {
  name: 'icon-font-file',
  apply: 'build',
  transform(code, id) {
    if (!/vant[\\/].*\.css$/.test(id) || !code.includes('alicdn')) return null
    const inline = /url\(data:font\/woff2;charset=utf-8;base64,([A-Za-z0-9+/=]+)\)/
    const m = inline.exec(code)
    let out = code.replace(/,url\(\/\/at\.alicdn\.com[^)]*\) format\("woff"\)/g, '')
    if (m) {
      const ref = this.emitFile({ type: 'asset', name: 'vant-icons.woff2', source: Buffer.from(m[1], 'base64') })
      out = out.replace(inline, `url(__VITE_ASSET__${ref}__)`)
    }
    return out
  },
}

// The app's service worker (app/sw.js filled in with this build's files) and
// app/version.json, which the running app reads to offer a reload when a
// newer build is out (WeChat's X5 engine keeps old pages long).
const appServiceWorker: Plugin = {
  name: 'app-service-worker',
  apply: 'build',
  generateBundle(_, bundle) {
    const { entry, files } = appFiles(bundle)
    const precache = ['/app/', '/app/manifest.webmanifest', '/app/icons/icon-192.png', '/app/icons/icon-512.png', ...files.map((f) => '/' + f)]
    const version = createHash('sha256').update(precache.join('\n')).digest('hex').slice(0, 12)
    const template = readFileSync(fileURLToPath(new URL('./app/sw.js', import.meta.url)), 'utf8')
    const sw = template.replace("'__VERSION__'", JSON.stringify(version)).replace('__PRECACHE__', JSON.stringify(precache))
    this.emitFile({ type: 'asset', fileName: 'app/sw.js', source: sw })
    this.emitFile({ type: 'asset', fileName: 'app/version.json', source: JSON.stringify({ version, entry: '/' + entry }) })
  },
}

// The console is served by the Go binary at "/" and the app at "/app/"; the
// assets of both live under /assets and the build lands in web/dist for
// //go:embed.
export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    keepGitkeep,
    precompress,
    appServiceWorker,
    iconFontFile,
    // Element Plus (console) and Vant (app) components are imported on
    // demand, with their styles.
    Components({
      dts: false,
      resolvers: [ElementPlusResolver({ importStyle: 'css' }), VantResolver()],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    // two entries, two bundles: the console at / and the app at /app/
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('./index.html', import.meta.url)),
        app: fileURLToPath(new URL('./app/index.html', import.meta.url)),
      },
    },
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
