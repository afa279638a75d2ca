import { token2CSSVar } from '@ant-design/cssinjs'
import { extractStyle } from '@ant-design/static-style-extract'
import react from '@vitejs/plugin-react'
import { ConfigProvider, theme } from 'antd'
import { createElement } from 'react'
import { defineConfig, type Plugin } from 'vite'
import { CSS_VARIABLES, themeOf } from './src/theme.js'

// `pnpm dev:console`: Vite serves the console and hands /api to a running gateway (GATEWAY_URL, default the one
// `pnpm start` runs). `pnpm build:console` writes dist/, which the gateway serves at / (CONSOLE_DIR).
const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000'

const STYLESHEET = 'virtual:antd.css'

/**
 * `import 'virtual:antd.css'`: every antd component's styles for the console's theme (src/theme.ts), made when Vite
 * builds or serves the console by antd's own extractor, which renders each component once with the theme on the
 * server; the page then computes none (`zeroRuntime`). The theme's reduced-motion form is the same sheet with the
 * tokens it changes (antd zeroes its transitions' durations) set again under the media query the page reads.
 */
function antdStylesheet(): Plugin {
  const resolved = `\0${STYLESHEET}`
  return {
    name: 'onewindow:antd-stylesheet',
    resolveId: (id) => (id === STYLESHEET ? resolved : undefined),
    load(id) {
      if (id !== resolved) return undefined
      const themed = extractStyle((node) =>
        createElement(ConfigProvider, { theme: { ...themeOf(false), zeroRuntime: false } }, node),
      )
      const moving = theme.getDesignToken(themeOf(false)) as unknown as Record<string, unknown>
      const still = Object.entries(theme.getDesignToken(themeOf(true)))
        .filter(([token, value]) => typeof value === 'string' && value !== moving[token])
        .map(([token, value]) => `${token2CSSVar(token, 'ant')}:${value}`)
        .join(';')
      return `${themed}\n@media (prefers-reduced-motion: reduce){.${CSS_VARIABLES}{${still}}}\n`
    },
  }
}

export default defineConfig({
  plugins: [react(), antdStylesheet()],
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
