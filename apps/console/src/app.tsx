import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { lazy, Suspense } from 'react'
import { BrowserRouter, Navigate, Route, Routes } from 'react-router'
import { ApiProblem } from './api'
import { homeOf, Loading, PublicLayout, SignedInLayout } from './layout'
import { NotFound } from './pages/not-found'
import { SessionProvider, useSession } from './session'

// Each role's screens are chunks of their own: the owner's page loads none of the clerk's or the supervisor's code.
const SignIn = lazy(() => import('./pages/sign-in'))
const Desk = lazy(() => import('./pages/clerk/desk'))
const Inbox = lazy(() => import('./pages/reviewer/inbox'))
const TaskPage = lazy(() => import('./pages/reviewer/task'))
const Projects = lazy(() => import('./pages/owner/projects'))
const Progress = lazy(() => import('./pages/owner/progress'))
const Supplement = lazy(() => import('./pages/owner/supplement'))
const Verify = lazy(() => import('./pages/verify'))
const Dashboard = lazy(() => import('./pages/supervisor/dashboard'))
const Signals = lazy(() => import('./pages/supervisor/signals'))
const DeadLetters = lazy(() => import('./pages/admin/dead-letters'))
const SpglExports = lazy(() => import('./pages/admin/spgl-exports'))
const AcceptanceCases = lazy(() => import('./pages/lead/cases'))
const UtilityRequests = lazy(() => import('./pages/utility/requests'))
const RegistrationCases = lazy(() => import('./pages/registrar/cases'))
const Notifications = lazy(() => import('./pages/shared/notifications'))

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not turn into a 2xx by asking again; a 503 (a dependency down) may.
      retry: (count, error) => !(error instanceof ApiProblem && error.status < 500) && count < 2,
      staleTime: 5_000,
    },
  },
})

function Home() {
  const { session } = useSession()
  return <Navigate to={session ? homeOf(session.actor.role) : '/sign-in'} replace />
}

// Ant Design's default primary blue and secondary greys fall short of WCAG AA contrast (4.5:1) on white; a clerk's
// screen is read all day, and axe-core checks it (apps/console/test).
const theme = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.68)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  },
}

// antd puts a space between a two-character button's characters (登 录); a label reads as written, for a person and a
// screen reader alike.
export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <BrowserRouter>
              <Routes>
                <Route path="/" element={<Home />} />
                <Route
                  path="/sign-in"
                  element={
                    <Suspense fallback={<Loading />}>
                      <SignIn />
                    </Suspense>
                  }
                />
                <Route element={<PublicLayout />}>
                  <Route path="/verify" element={<Verify />} />
                </Route>
                <Route element={<SignedInLayout />}>
                  <Route path="/desk/*" element={<Desk />} />
                  <Route path="/inbox" element={<Inbox />} />
                  <Route path="/tasks/:taskId" element={<TaskPage />} />
                  <Route path="/projects" element={<Projects />} />
                  <Route path="/projects/:projectId" element={<Progress />} />
                  <Route path="/projects/:projectId/supplements/:id" element={<Supplement />} />
                  <Route path="/supervision" element={<Dashboard />} />
                  <Route path="/signals" element={<Signals />} />
                  <Route path="/admin/dead-letters" element={<DeadLetters />} />
                  <Route path="/admin/exports" element={<SpglExports />} />
                  <Route path="/acceptance/*" element={<AcceptanceCases />} />
                  <Route path="/utility/*" element={<UtilityRequests />} />
                  <Route path="/registration/*" element={<RegistrationCases />} />
                  <Route path="/notifications" element={<Notifications />} />
                  <Route path="*" element={<NotFound />} />
                </Route>
              </Routes>
            </BrowserRouter>
          </SessionProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  )
}
