import { Card, Descriptions, Typography } from 'antd'
import { later } from '../../components/later'
import { LevelTag } from '../../components/level-tag'
import { chineseDate } from '../../format'
import { CHANNELS } from '../assisted/names'
import { ASSESSMENT_NAMES } from '../shared-results/names'
import { hasSharedResults, type Status } from './flow-model'

// The plot's connection points are an antd table: fetched after the status is on screen, as the progress page's other
// cards are (progress.tsx).
const PlotList = later(() => import('../shared-results/plot-list').then((m) => m.PlotList))

const section = { marginBottom: 16 } as const
const h2 = { fontSize: 16, margin: 0 } as const
const list = { paddingInlineStart: 20, margin: 0, overflowWrap: 'anywhere' } as const

/**
 * The shared results as the project's status answers them (issue 18): the assessed area and what it spares the
 * project, the plot's land-condition list with its connection points, the assisted-service case and the
 * intermediaries' clocks — one card read with the rest of the status, so it changes with it. The area and the plot
 * are shown here only; the checklist card beside it shows the step's materials.
 */
export function SharedStatus({ status }: { status: Status }) {
  if (!hasSharedResults(status)) return null
  const { area, plot, assistedCase, intermediaries } = status.shared
  return (
    <Card title={<h2 style={h2}>共享成果</h2>} size="small" style={section}>
      <Descriptions size="small" column={1} bordered>
        {area && (
          <Descriptions.Item label="区域评估">
            <section aria-label="区域评估">
              <span data-shared="area">
                {area.name}（{area.code}，{area.kind === 'park' ? '园区' : '储备用地'}）：以下评估事项不再单独评估
              </span>
              <ul style={list}>
                {area.covered.map((c) => (
                  <li key={c.subject}>
                    {ASSESSMENT_NAMES[c.subject] ?? c.subject} — 引用区域评估成果 {c.documentRef}（{c.assessedBy}，
                    {chineseDate(c.issuedOn)}）
                  </li>
                ))}
              </ul>
              <Typography.Text type="secondary">
                例外清单（仍须单独评估）：
                {area.exceptions.length === 0 ? '无' : area.exceptions.map((s) => ASSESSMENT_NAMES[s] ?? s).join('、')}
              </Typography.Text>
            </section>
          </Descriptions.Item>
        )}
        {plot && (
          <Descriptions.Item label="用地清单">
            <PlotList plot={plot} />
          </Descriptions.Item>
        )}
        {assistedCase && (
          <Descriptions.Item label="帮办代办">
            <span data-shared="assisted-case">
              帮办员 {assistedCase.helper.name} · {assistedCase.modeName} · 无偿
              {assistedCase.nextVisit
                ? ` · 下次回访 ${chineseDate(assistedCase.nextVisit.dueOn)}（${(CHANNELS as Record<string, string | undefined>)[assistedCase.nextVisit.channel] ?? assistedCase.nextVisit.channel}${assistedCase.nextVisit.status === 'due' ? '，已到期' : ''}）`
                : ' · 暂无待回访'}
            </span>
          </Descriptions.Item>
        )}
        {intermediaries.length > 0 && (
          <Descriptions.Item label="中介服务">
            <ul style={list}>
              {intermediaries.map((g) => (
                <li key={g.engagementId} data-shared="intermediary">
                  {g.service.name}：{g.intermediary.name}（信用 {g.intermediary.grade}）·{' '}
                  {g.status === 'delivered'
                    ? `已交付${g.deliveredOn ? `（${chineseDate(g.deliveredOn)}）` : ''}`
                    : `办理中，期限 ${chineseDate(g.dueOn)}，剩余 ${g.clock.remaining} 个工作日`}
                  {g.status !== 'delivered' && <LevelTag level={g.clock.level} style={{ marginInlineStart: 8 }} />}
                </li>
              ))}
            </ul>
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  )
}
