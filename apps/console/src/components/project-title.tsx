import { Typography } from 'antd'
import type { paths } from '../generated/api'
import { unbroken } from './unbroken'

/** A project as a list of rows on it names it (`projects` beside a registrar's cases or a provider's requests). */
export type ProjectTitle =
  paths['/api/v1/registrations']['get']['responses'][200]['content']['application/json']['projects'][number]

/**
 * The project a row is on, for a caller who cannot open the project itself: its name, then its 项目代码 and where it is.
 * A project the list did not name (the read model has the row before its project) shows the id's tail, as before.
 */
export function ProjectTitleCell({ projectId, titles }: { projectId: string; titles: readonly ProjectTitle[] }) {
  const t = titles.find((p) => p.projectId === projectId)
  if (!t) return <Typography.Text code>{projectId.slice(-12)}</Typography.Text>
  return (
    <>
      <div style={{ overflowWrap: 'anywhere' }}>{t.name}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
        {/* The code is read out and copied whole: it never breaks mid-code; the location after it may wrap. */}
        <span style={unbroken}>{t.projectCode}</span>
        {t.location ? ` · ${t.location}` : ''}
      </Typography.Text>
    </>
  )
}
