import { useQuery } from '@tanstack/react-query'
import { List, Typography } from 'antd'
import { Link } from 'react-router'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
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
        <List
          bordered
          locale={{ emptyText: '暂无项目：项目在窗口登记后显示在这里。' }}
          dataSource={projects.data?.projects ?? []}
          renderItem={(p) => (
            <List.Item key={p.projectId}>
              <List.Item.Meta
                title={<Link to={`/projects/${p.projectId}`}>{p.name}</Link>}
                description={
                  <span style={{ overflowWrap: 'anywhere' }}>
                    项目代码 {p.projectCode} · {p.location ?? p.region} · 登记于 {chineseDate(p.registeredAt)}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
    </>
  )
}
