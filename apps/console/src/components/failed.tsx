import { Button, Space, Typography } from 'antd'
import type { ReactNode } from 'react'
import { ErrorBoundary } from 'react-error-boundary'

// What failed here is the console itself, not a request: a chunk that could not be fetched (the network went, or a
// release replaced the console's files while the page stayed open, so the names it asks for are gone) or a part that
// threw while rendering. Reloading fetches the console as it is now. Plain Typography and Button, which every page
// loads already: antd's Alert or Result here would weigh on every page's first script (issue 14's budget).
const SAY = '网络中断或系统已更新，重新加载页面即可。'

function Failed({ title }: { title: string }) {
  return (
    <Space role="alert" direction="vertical" size={4} style={{ display: 'flex', padding: '12px 0' }}>
      <Typography.Text strong>{title}</Typography.Text>
      <Typography.Text type="secondary">{SAY}</Typography.Text>
      <Button size="small" onClick={() => window.location.reload()}>
        重新加载
      </Button>
    </Space>
  )
}

const PartFailed = () => <Failed title="此部分未能加载" />
const PageFailed = () => <Failed title="页面未能加载" />

/** A part of a page (`later`): when it fails, it says so in its place and the rest of the page goes on. */
export function PartBoundary({ children }: { children: ReactNode }) {
  return <ErrorBoundary FallbackComponent={PartFailed}>{children}</ErrorBoundary>
}

/** A whole page under the layout's menu: when it fails the menu stays, and going elsewhere (`page`) tries afresh. */
export function PageBoundary({ page, children }: { page: string; children: ReactNode }) {
  return (
    <ErrorBoundary FallbackComponent={PageFailed} resetKeys={[page]}>
      {children}
    </ErrorBoundary>
  )
}
