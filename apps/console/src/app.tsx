import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { App as AntApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import { lazy, Suspense, useMemo, useSyncExternalStore } from 'react'
import { BrowserRouter, Navigate, Route, Routes } from 'react-router'
import { ApiProblem } from './api'
import { PageBoundary } from './components/failed'
import { homeOf, Loading, PublicLayout, SignedInLayout } from './layout'
import { NotFound } from './pages/not-found'
import { SessionProvider, useSession } from './session'
import { themeOf } from './theme'
import 'virtual:antd.css'

// Each role's screens are chunks of their own: the owner's page loads none of the clerk's or the supervisor's code.
const SignIn = lazy(() => import('./pages/sign-in'))
const Desk = lazy(() => import('./pages/clerk/desk'))
const Inbox = lazy(() => import('./pages/reviewer/inbox'))
const TaskPage = lazy(() => import('./pages/reviewer/task'))
const Projects = lazy(() => import('./pages/owner/projects'))
const Progress = lazy(() => import('./pages/owner/progress'))
const Supplement = lazy(() => import('./pages/owner/supplement'))
const RefusalPaper = lazy(() => import('./pages/owner/refusal'))
const Verify = lazy(() => import('./pages/verify'))
const Dashboard = lazy(() => import('./pages/supervisor/dashboard'))
const Signals = lazy(() => import('./pages/supervisor/signals'))
const DeadLetters = lazy(() => import('./pages/admin/dead-letters'))
const AuditLog = lazy(() => import('./pages/admin/audit'))
const CatalogueVersions = lazy(() => import('./pages/admin/catalogue'))
const SpglExports = lazy(() => import('./pages/admin/spgl-exports'))
const OfficeNotifications = lazy(() => import('./pages/admin/office-notifications'))
// 区域评估 and 用地清单 (docs/shared-results.md): the city's publishing desk.
const LandDesk = lazy(() => import('./pages/admin/land'))
const DishonestOwners = lazy(() => import('./pages/admin/dishonest-owners'))
const AcceptanceCases = lazy(() => import('./pages/lead/cases'))
const UtilityRequests = lazy(() => import('./pages/utility/requests'))
const RegistrationCases = lazy(() => import('./pages/registrar/cases'))
const Notifications = lazy(() => import('./pages/shared/notifications'))
// 好差评 (issue 17 part 6): the department's 差评整改 and the supervisor's figures.
const DepartmentRatings = lazy(() => import('./pages/reviewer/ratings'))
const PushedWorks = lazy(() => import('./pages/reviewer/pushed-works'))
const OutsideLinePermits = lazy(() => import('./pages/reviewer/outside-line-permits'))
// 工程质量安全监督 双随机、一公开: the housing department's screen, and the public results.
const QualitySupervision = lazy(() => import('./pages/quality/supervision'))
const PublishedInspections = lazy(() => import('./pages/quality/published'))
const CertificateObjections = lazy(() => import('./pages/shared/certificate-objections'))
const SupervisionRatings = lazy(() => import('./pages/supervisor/ratings'))
const Knowledge = lazy(() => import('./pages/shared/knowledge'))
const Notices = lazy(() => import('./pages/shared/notices'))
// 联合审图 and 多测合一 (docs/shared-results.md).
const DrawingReviews = lazy(() => import('./pages/review-body/reviews'))
const SurveyCommissions = lazy(() => import('./pages/surveyor/commissions'))
// 帮办代办 (docs/assisted-service.md): the helper's case desk.
const HelperDesk = lazy(() => import('./pages/helper/desk'))
// The service centre's list of every case (clerk, supervisor).
const AssistedCases = lazy(() => import('./pages/assisted/cases'))
const IntermediaryEngagements = lazy(() => import('./pages/intermediary/engagements'))
// 12345 热线工单: the agent's desk, a department's ticket inbox, an owner's own tickets.
const AgentDesk = lazy(() => import('./pages/hotline/agent'))
const UnitTickets = lazy(() => import('./pages/hotline/unit'))
const OwnTickets = lazy(() => import('./pages/hotline/owner'))

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

// Less motion when a person's system asks for it (themeOf). The browser tests ask for it too, so a choice in a
// dropdown is never read while its list is still fading out.
const REDUCED_MOTION = '(prefers-reduced-motion: reduce)'
function useReducedMotion(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(REDUCED_MOTION)
      query.addEventListener('change', onChange)
      return () => query.removeEventListener('change', onChange)
    },
    () => window.matchMedia(REDUCED_MOTION).matches,
  )
}

// antd puts a space between a two-character button's characters (登 录); a label reads as written, for a person and a
// screen reader alike.
export function App() {
  const reducedMotion = useReducedMotion()
  const themed = useMemo(() => themeOf(reducedMotion), [reducedMotion])
  return (
    <ConfigProvider locale={zhCN} theme={themed} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <BrowserRouter>
              <Routes>
                <Route path="/" element={<Home />} />
                <Route
                  path="/sign-in"
                  element={
                    <PageBoundary page="/sign-in">
                      <Suspense fallback={<Loading />}>
                        <SignIn />
                      </Suspense>
                    </PageBoundary>
                  }
                />
                <Route element={<PublicLayout />}>
                  <Route path="/verify" element={<Verify />} />
                  <Route path="/quality-results" element={<PublishedInspections />} />
                </Route>
                <Route element={<SignedInLayout />}>
                  <Route path="/desk/*" element={<Desk />} />
                  <Route path="/inbox" element={<Inbox />} />
                  <Route path="/tasks/:taskId" element={<TaskPage />} />
                  <Route path="/projects" element={<Projects />} />
                  <Route path="/projects/:projectId" element={<Progress />} />
                  <Route path="/projects/:projectId/supplements/:id" element={<Supplement />} />
                  <Route path="/projects/:projectId/refusals/:taskId" element={<RefusalPaper />} />
                  <Route path="/supervision" element={<Dashboard />} />
                  <Route path="/signals" element={<Signals />} />
                  <Route path="/admin/dead-letters" element={<DeadLetters />} />
                  <Route path="/audit" element={<AuditLog />} />
                  <Route path="/admin/catalogue" element={<CatalogueVersions />} />
                  <Route path="/admin/exports" element={<SpglExports />} />
                  <Route path="/admin/office-notifications" element={<OfficeNotifications />} />
                  <Route path="/admin/land" element={<LandDesk />} />
                  <Route path="/admin/dishonest-owners" element={<DishonestOwners />} />
                  <Route path="/acceptance/*" element={<AcceptanceCases />} />
                  <Route path="/utility/*" element={<UtilityRequests />} />
                  <Route path="/registration/*" element={<RegistrationCases />} />
                  <Route path="/notifications" element={<Notifications />} />
                  <Route path="/ratings" element={<DepartmentRatings />} />
                  <Route path="/outside-line-permits" element={<OutsideLinePermits />} />
                  <Route path="/pushed-works" element={<PushedWorks />} />
                  <Route path="/quality-supervision" element={<QualitySupervision />} />
                  <Route path="/certificate-objections" element={<CertificateObjections />} />
                  <Route path="/rating-figures" element={<SupervisionRatings />} />
                  <Route path="/knowledge" element={<Knowledge />} />
                  <Route path="/notices" element={<Notices />} />
                  <Route path="/drawing-reviews" element={<DrawingReviews />} />
                  <Route path="/surveys" element={<SurveyCommissions />} />
                  <Route path="/assisted-cases" element={<HelperDesk />} />
                  <Route path="/assisted" element={<AssistedCases />} />
                  <Route path="/intermediary" element={<IntermediaryEngagements />} />
                  <Route path="/hotline/*" element={<AgentDesk />} />
                  <Route path="/ticket-inbox/*" element={<UnitTickets />} />
                  <Route path="/my-tickets/*" element={<OwnTickets />} />
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
