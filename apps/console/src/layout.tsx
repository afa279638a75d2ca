import { Button, Layout, Space, Typography } from 'antd'
import { Suspense } from 'react'
import { Link, Navigate, Outlet, useLocation } from 'react-router'
import { PageBoundary } from './components/failed'
import { departmentName, providerName } from './departments'
import { useLive } from './live'
import { ROLE_NAMES, type Role, useSession } from './session'

/**
 * Each role's screens, in the menu's order. An entry with a `department` is that department's alone: 质量安全监督 is the
 * supervision body's, a reviewer of the housing department (contracts' QUALITY_SUPERVISION_DEPARTMENT; the gateway
 * refuses any other caller), so another department's reviewer is not offered it.
 */
export const MENUS: Record<Role, { path: string; label: string; department?: string }[]> = {
  clerk: [
    { path: '/desk', label: '一窗受理' },
    { path: '/desk/receipts', label: '已接件、待受理' },
    { path: '/desk/bookings', label: '网上预约' },
    { path: '/desk/deliveries', label: '结果送达' },
    { path: '/desk/window-tickets', label: '“办不成事”窗口' },
    { path: '/assisted', label: '帮办代办' },
  ],
  reviewer: [
    { path: '/inbox', label: '待办事项' },
    { path: '/acceptance', label: '联合验收' },
    { path: '/outside-line-permits', label: '外线审批' },
    { path: '/pushed-works', label: '外线施工监管' },
    { path: '/quality-supervision', label: '质量安全监督', department: 'housing-construction' },
    { path: '/certificate-objections', label: '证照异议' },
    { path: '/ticket-inbox', label: '热线工单' },
    { path: '/notifications', label: '消息通知' },
    { path: '/ratings', label: '差评整改' },
    { path: '/knowledge', label: '知识库' },
    { path: '/notices', label: '变动与故障通报' },
  ],
  owner: [
    { path: '/projects', label: '我的项目' },
    { path: '/my-tickets', label: '我的诉求' },
    { path: '/notifications', label: '消息通知' },
  ],
  supervisor: [
    { path: '/supervision', label: '监督看板' },
    { path: '/signals', label: '风险信号' },
    { path: '/rating-figures', label: '好差评' },
    { path: '/assisted', label: '帮办代办' },
    { path: '/knowledge', label: '知识库' },
    { path: '/notifications', label: '消息通知' },
    { path: '/admin/dishonest-owners', label: '失信名单' },
    { path: '/audit', label: '审计日志' },
  ],
  admin: [
    { path: '/admin/dead-letters', label: '死信队列' },
    { path: '/admin/exports', label: '数据上报' },
    { path: '/admin/office-notifications', label: '机构通知设置' },
    { path: '/admin/land', label: '区域评估与用地清单' },
    { path: '/admin/catalogue', label: '事项目录' },
    { path: '/admin/dishonest-owners', label: '失信名单' },
    { path: '/audit', label: '审计日志' },
  ],
  lead: [
    { path: '/acceptance', label: '联合验收' },
    { path: '/certificate-objections', label: '证照异议' },
    { path: '/ratings', label: '差评整改' },
    { path: '/knowledge', label: '知识库' },
    { path: '/notices', label: '变动与故障通报' },
    { path: '/ticket-inbox', label: '热线工单' },
    { path: '/notifications', label: '消息通知' },
  ],
  utility: [
    { path: '/utility', label: '报装申请' },
    { path: '/notifications', label: '消息通知' },
  ],
  registrar: [
    { path: '/registration', label: '不动产登记' },
    { path: '/certificate-objections', label: '证照异议' },
    { path: '/notifications', label: '消息通知' },
  ],
  agent: [
    { path: '/hotline', label: '12345 工单' },
    { path: '/knowledge', label: '知识库' },
    { path: '/notices', label: '单位通报' },
    { path: '/notifications', label: '消息通知' },
  ],
  review_body: [{ path: '/drawing-reviews', label: '联合审图' }],
  surveyor: [{ path: '/surveys', label: '多测合一' }],
  // 帮办代办 and 中介服务 (docs/assisted-service.md).
  helper: [{ path: '/assisted-cases', label: '帮办代办' }],
  intermediary: [{ path: '/intermediary', label: '中介服务' }],
}

const HEADER_CSS = `@media (max-width: 639px) { .app-header-who, .app-header-long { display: none; } }`

/** The first screen of a role after sign-in. */
export const homeOf = (role: Role) => MENUS[role][0]?.path ?? '/'

export function Loading() {
  return <Typography.Text type="secondary">正在加载…</Typography.Text>
}

/** Every signed-in page: the header with who is signed in, the role's menu, the live stream, the page. */
export function SignedInLayout() {
  const { session, signOut } = useSession()
  const location = useLocation()
  useLive()
  if (!session) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname)}`} replace />
  const { actor } = session
  const menu = MENUS[actor.role].filter((m) => !m.department || m.department === actor.department)
  // The longest entry the address is under: /desk/receipts is its own entry, not /desk's.
  const selected = menu
    .filter((m) => location.pathname.startsWith(m.path))
    .reduce<string | undefined>((best, m) => (best && best.length >= m.path.length ? best : m.path), undefined)
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* antd's header is 64 px high with a 64 px line: on a phone the menu wraps to a second line, which fell below
          it, white on the page's grey. The header grows with its lines instead. */}
      <Layout.Header
        className="app-header"
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: 16,
          paddingInline: 16,
          paddingBlock: 12,
          height: 'auto',
          minHeight: 64,
          lineHeight: 1.6,
        }}
      >
        {/* Under 640 px (a phone) who is signed in is left out and the title shortens: the menu and 退出 stay. */}
        <style>{HEADER_CSS}</style>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          工程建设<span className="app-header-long">项目</span>审批
        </Typography.Title>
        {/* Links, not antd's Menu: a role has one or two screens, and Menu alone weighed ~40 KB of the owner's script. */}
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0, display: 'flex', flexWrap: 'wrap', gap: 16 }}>
          {menu.map((m) => (
            <Link
              key={m.path}
              to={m.path}
              aria-current={m.path === selected ? 'page' : undefined}
              style={{ color: '#fff', fontWeight: m.path === selected ? 600 : 400 }}
            >
              {m.label}
            </Link>
          ))}
        </nav>
        <Space>
          <Typography.Text className="app-header-who" style={{ color: '#fff' }}>
            {ROLE_NAMES[actor.role]}
            {actor.department ? ` · ${departmentName(actor.department)}` : ''}
            {actor.creditCode ? ` · ${actor.creditCode}` : ''}
            {actor.provider ? ` · ${providerName(actor.provider)}` : ''}
          </Typography.Text>
          <Button size="small" onClick={signOut}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        {/* antd's Content is the page's <main> landmark already. */}
        <PageBoundary page={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </PageBoundary>
      </Layout.Content>
    </Layout>
  )
}

/** A page anyone may open (certificate verification): no sign-in, no menu. */
export function PublicLayout() {
  const location = useLocation()
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', paddingInline: 16 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          工程建设项目审批 · 公众服务
        </Typography.Title>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        {/* antd's Content is the page's <main> landmark already. */}
        <PageBoundary page={location.pathname}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </PageBoundary>
      </Layout.Content>
    </Layout>
  )
}
