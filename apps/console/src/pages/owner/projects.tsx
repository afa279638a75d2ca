import { useQuery } from '@tanstack/react-query'
import { Typography } from 'antd'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { chineseDate } from '../../format'
import { Loading } from '../../layout'

// An owner has a handful of projects, not thousands: one page of the gateway's list holds them all.
const LIMIT = 200

/** 我的项目: the owner's projects, newest first, each opening its progress page. */
export default function Projects() {
  const projects = useQuery({
    queryKey: keys.projects(),
    queryFn: () => must(api.GET('/api/v1/projects', { params: { query: { limit: LIMIT } } })),
  })
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        我的项目
      </Typography.Title>
      <ProblemAlert error={projects.error} />
      {projects.isPending ? (
        <Loading />
      ) : (
        // A plain list, not antd's List (its Pagination brings Select and Spin: script the owner's pages do not need).
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, border: '1px solid #d9d9d9', borderRadius: 8 }}>
          {(projects.data?.projects ?? []).length === 0 && (
            <li style={{ padding: '12px 16px' }}>暂无项目：项目在窗口登记后显示在这里。</li>
          )}
          {(projects.data?.projects ?? []).map((p) => (
            <li key={p.projectId} style={{ padding: '12px 16px', borderTop: '1px solid #f0f0f0' }}>
              <Link to={`/projects/${p.projectId}`} style={{ fontSize: 16 }}>
                {p.name}
              </Link>
              <div style={{ color: 'rgba(0, 0, 0, 0.68)', overflowWrap: 'anywhere' }}>
                项目代码 {p.projectCode} · {p.location ?? p.region} · 登记于 {chineseDate(p.registeredAt)}
              </div>
            </li>
          ))}
        </ul>
      )}
      <UnreadableNotice count={projects.data?.unreadable.length ?? 0} what="项目" />
    </>
  )
}
