import { Space, Typography } from 'antd'
import { lazy } from 'react'
import { Route, Routes } from 'react-router'
import { OpenApplication } from './open-application'
import { ProjectSearch } from './project-search'
import { Receipt } from './receipt'
import { Reception } from './reception'
import { RegisterProject } from './register-project'

// The 办不成事 window brings the hotline's form and lists: its own chunk, so the desk's first page loads none of it.
const WindowTickets = lazy(() => import('./window-tickets'))
// 结果送达: its own chunk too, as the window's other lists.
const Deliveries = lazy(() => import('./deliveries'))
// 网上预约 (004:1044): the day's bookings of the window.
const Bookings = lazy(() => import('./bookings'))

/**
 * 一窗受理 — the clerk's desk: find a registered project or register a new one (/desk), open the combined application
 * for a step (/desk/projects/:projectId, refused as the 一次性告知 notice), accepted at once or only received (接件),
 * the 受理回执 or 接件回执, the received applications awaiting a decision (/desk/receipts), and the “办不成事” window's
 * 12345 tickets (/desk/window-tickets, each ticket's page under it), the results to hand out or post (结果送达,
 * /desk/deliveries), and the day's online bookings of the window (网上预约, /desk/bookings).
 */
export default function Desk() {
  return (
    <Routes>
      <Route index element={<DeskHome />} />
      <Route path="receipts" element={<Reception />} />
      <Route path="window-tickets/*" element={<WindowTickets />} />
      <Route path="deliveries" element={<Deliveries />} />
      <Route path="bookings" element={<Bookings />} />
      <Route path="projects/:projectId" element={<OpenApplication />} />
      <Route path="projects/:projectId/receipts/:applicationId" element={<Receipt />} />
    </Routes>
  )
}

/** The desk's first page: a project registered before is found here again; a new one is registered below. */
function DeskHome() {
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 960 }}>
      <Typography.Title level={1} style={{ marginTop: 0, marginBottom: 0 }}>
        一窗受理
      </Typography.Title>
      <ProjectSearch />
      <RegisterProject />
    </Space>
  )
}
