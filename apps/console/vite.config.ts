import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// `pnpm dev:console`: Vite serves the console and hands /api to a running gateway (GATEWAY_URL, default the one
// `pnpm start` runs). `pnpm build:console` writes dist/, which the gateway serves at / (CONSOLE_DIR).
const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000'

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': { target: gateway, changeOrigin: false } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The owner's page must load in ≤ 300 KB of gzipped script (issue 14): the chart library and each role's screens
    // are chunks of their own, fetched when a page that needs them opens.
    chunkSizeWarningLimit: 1_500,
    // bench:console reads which chunks each route loads from Vite's manifest (dist/.vite/manifest.json).
    manifest: true,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/react-dom') || id.includes('node_modules/react/')) return 'react'
          return undefined
        },
      },
    },
  },
})
