import { Card, Timeline, Typography } from 'antd'
import { departmentNamer } from '../../departments'
import { chineseDateTime } from '../../format'
import { decisionWordsOf, timelineLine } from '../../timeline'
import type { Status } from './flow-model'

/** 办理记录: every event of the project, newest first, in the words a person reads (timeline.ts). */
export function TimelineCard({ status, style }: { status: Status; style: React.CSSProperties }) {
  const nameOf = departmentNamer(status)
  const wordsOf = decisionWordsOf(status)
  return (
    <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>办理记录</h2>} size="small" style={style}>
      <Timeline
        mode="start"
        items={[...status.timeline].reverse().map((e) => ({
          key: e.eventId,
          content: (
            <>
              <Typography.Text type="secondary">{chineseDateTime(e.occurredAt)}</Typography.Text>{' '}
              <span style={{ overflowWrap: 'anywhere' }}>{timelineLine(e, nameOf, wordsOf)}</span>
            </>
          ),
        }))}
      />
    </Card>
  )
}
