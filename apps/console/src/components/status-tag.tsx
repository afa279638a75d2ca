import { Tag } from 'antd'
import type { CSSProperties, ReactNode } from 'react'

/**
 * A state's colour, dark enough for white text to meet WCAG AA (4.5:1): antd's preset tag colours (light text on a
 * pale ground, `green`, `gold`…) fall short, and axe-core checks every screen (apps/console/test).
 */
const TONES = {
  green: '#237804',
  gold: '#874d00',
  red: '#a8071a',
  blue: '#0958d9',
  cyan: '#006d75',
  purple: '#531dab',
  grey: '#595959',
} as const
export type Tone = keyof typeof TONES

export function StatusTag({ tone, children, style }: { tone: Tone; children: ReactNode; style?: CSSProperties }) {
  return (
    <Tag color={TONES[tone]} style={style}>
      {children}
    </Tag>
  )
}
