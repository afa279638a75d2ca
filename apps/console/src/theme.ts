import type { ThemeConfig } from 'antd'

// Ant Design's default primary blue and secondary greys fall short of WCAG AA contrast (4.5:1) on white; a clerk's
// screen is read all day, and axe-core checks it (apps/console/test).
const token = {
  colorPrimary: '#0958d9',
  colorLink: '#0958d9',
  colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
  colorTextDescription: 'rgba(0, 0, 0, 0.68)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  // antd's red (#ff4d4f) is 3.3:1 on white, below AA for a form's error message; red-7 is 5.9:1.
  colorError: '#cf1322',
} satisfies ThemeConfig['token']

/** The class that carries the theme's CSS variables, fixed so the built stylesheet's selectors match the page's. */
export const CSS_VARIABLES = 'onewindow'

/**
 * The console's theme. Its stylesheet is made once, when the console is built (`antdStylesheet` in vite.config.ts,
 * from this same function), so a page computes no component styles as it boots and renders (`zeroRuntime`): that
 * work was a tenth of the browser's CPU on every page load.
 *
 * `reducedMotion`: a person who asked their system for less motion (WCAG 2.3.3) gets none — antd's `motion` token off
 * shows and hides every popup, drawer and message at once instead of animating it, and zeroes its transitions'
 * durations (the stylesheet sets the tokens this form changes under `prefers-reduced-motion`).
 */
export function themeOf(reducedMotion: boolean): ThemeConfig {
  return {
    zeroRuntime: true,
    hashed: false,
    cssVar: { key: CSS_VARIABLES },
    token: { ...token, motion: !reducedMotion },
  }
}
