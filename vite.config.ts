import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const api = 'http://127.0.0.1:8787'

// The web app lives in web/ and builds into dist/web, which server/web.ts serves on the API's
// origin; in development Vite proxies the API paths to a running `npm start`. `--mode e2e` builds
// the browser suites' copy into dist/web-e2e: only that mode keeps the `window.__sheyang*` test
// hooks (import.meta.env.MODE === 'e2e'), so the production bundle carries none.
export default defineConfig(({ mode }) => ({
  root: 'web',
  plugins: [vue()],
  build: {
    outDir: mode === 'e2e' ? '../dist/web-e2e' : '../dist/web',
    emptyOutDir: true,
    // MapLibre alone is ~1 MB minified; it is split into its own chunk, not warned about.
    chunkSizeWarningLimit: 1200,
  },
  server: { proxy: { '/ogc': api, '/api': api, '/healthz': api } },
  preview: { proxy: { '/ogc': api, '/api': api, '/healthz': api } },
}))
