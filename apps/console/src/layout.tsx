import { Button, Layout, Space, Typography } from 'antd'
import { Suspense } from 'react'
import { Link, Navigate, Outlet, useLocation } from 'react-router'
import { departmentName, providerName } from './departments'
import { useLive } from './live'
import { ROLE_NAMES, type Role, useSession } from './session'

/** Each role's screens, in the menu's order. */
export const MENUS: Record<Role, { path: string; label: string }[]> = {
  clerk: [{ path: '/desk', label: '一窗受理' }],
  reviewer: [
    { path: '/inbox', label: '待办事项' },
    { path: '/notifications', label: '消息通知' },
  ],
  owner: [
    { path: '/projects', label: '我的项目' },
    { path: '/notifications', label: '消息通知' },
  ],
  supervisor: [
    { path: '/supervision', label: '监督看板' },
    { path: '/signals', label: '风险信号' },
  ],
  admin: [
    { path: '/admin/dead-letters', label: '死信队列' },
    { path: '/admin/exports', label: '数据上报' },
  ],
  lead: [{ path: '/acceptance', label: '联合验收' }],
  utility: [{ path: '/utility', label: '报装申请' }],
  registrar: [{ path: '/registration', label: '不动产登记' }],
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
  const menu = MENUS[actor.role]
  const selected = menu.find((m) => location.pathname.startsWith(m.path))?.path
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        className="app-header"
        style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16 }}
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
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  )
}

/** A page anyone may open (certificate verification): no sign-in, no menu. */
export function PublicLayout() {
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', paddingInline: 16 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          工程建设项目审批 · 公众服务
        </Typography.Title>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        {/* antd's Content is the page's <main> landmark already. */}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  )
}
