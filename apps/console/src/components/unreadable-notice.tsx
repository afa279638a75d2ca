import { Typography } from 'antd'
import { unreadableSentence } from '../unreadable'

/** {@link unreadableSentence} as a paragraph under its list. */
export function UnreadableNotice({ count, what }: { count: number; what: string }) {
  const sentence = unreadableSentence(count, what)
  return sentence ? <Typography.Paragraph style={{ marginTop: 8 }}>{sentence}</Typography.Paragraph> : null
}
