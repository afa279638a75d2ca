import { Route, Routes } from 'react-router'
import { OpenApplication } from './open-application'
import { Receipt } from './receipt'
import { RegisterProject } from './register-project'

/**
 * 一窗受理 — the clerk's desk: register a project (/desk), open the combined application for a step
 * (/desk/projects/:projectId, refused as the 一次性告知 notice), and the 受理回执 of an accepted one.
 */
export default function Desk() {
  return (
    <Routes>
      <Route index element={<RegisterProject />} />
      <Route path="projects/:projectId" element={<OpenApplication />} />
      <Route path="projects/:projectId/receipts/:applicationId" element={<Receipt />} />
    </Routes>
  )
}
