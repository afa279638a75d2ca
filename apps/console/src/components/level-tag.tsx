import type { CSSProperties } from 'react'
import { levelName } from '../format'
import { StatusTag, type Tone } from './status-tag'

const TONE: Record<string, Tone> = { green: 'green', yellow: 'gold', red: 'red' }

/**
 * A clock level (绿灯, 黄灯, 红灯) as a tag: the one used wherever a level is shown, in status-tag's AA colours
 * (antd's `gold` preset fails axe's contrast check).
 */
export function LevelTag({ level, style }: { level: string | undefined; style?: CSSProperties }) {
  return (
    <StatusTag tone={TONE[level ?? ''] ?? 'grey'} style={style}>
      {levelName(level)}
    </StatusTag>
  )
}
