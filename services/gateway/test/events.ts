import type {
  ApplicationAcceptedV1,
  EventBody,
  ProjectRegisteredV1,
  StepDecidedV1,
  SupplementNoticeIssuedV1,
  TaskClockWarnedV1,
  TaskEventBody,
  TicketEventBody,
} from '@onewindow/contracts'
import { v7 as uuidv7 } from 'uuid'

type Task = TaskEventBody['task']
type Ticket = TicketEventBody['ticket']

/** Valid 统一社会信用代码 (check characters computed). */
export const owners = {
  shanwei: { name: '汕尾市示例实业有限公司', creditCode: '91441500MA51XY201H' },
  foshan: { name: '佛山市示例制造有限公司', creditCode: '91440600MA4UJ2K7X6' },
} as const

export const projectRegistered = (
  over: Partial<EventBody<typeof ProjectRegisteredV1>> = {},
): EventBody<typeof ProjectRegisteredV1> => ({
  projectId: uuidv7(),
  projectCode: `2026-441500-47-01-${Math.floor(Math.random() * 1e6)}`,
  name: '低风险厂房项目',
  projectType: 'social-simple-low-risk',
  region: '441500',
  owner: owners.shanwei,
  investmentFen: 1_200_000_000,
  registeredAt: '2026-03-02T01:00:00Z',
  catalogueVersion: 'test-1',
  flow: [
    { step: 'six-item-bundle', name: '六证合一', stage: 'construction-permit', items: ['a', 'b'] },
    { step: 'joint-acceptance', name: '联合验收', stage: 'completion', items: ['c'] },
  ],
  ...over,
})

export const applicationAccepted = (
  projectId: string,
  over: Partial<EventBody<typeof ApplicationAcceptedV1>> = {},
): EventBody<typeof ApplicationAcceptedV1> => ({
  applicationId: uuidv7(),
  projectId,
  projectCode: '2026-441500-47-01-000001',
  stage: 'construction-permit',
  catalogueVersion: 'test-1',
  acceptedAt: '2026-03-02T01:30:00Z',
  acceptedOn: '2026-03-02',
  withDeficiencies: false,
  items: [{ item: 'construction-permit', department: 'housing-construction' }],
  step: 'six-item-bundle',
  stepName: '六证合一',
  receiptNumber: '441500-20260302-0001',
  ownerCreditCode: owners.shanwei.creditCode,
  ...over,
})

/** A task as approval would publish it: a 4 W committed and a 20 W statutory clock from Monday 2 March. */
export const task = (projectId: string, applicationId: string, over: Partial<Task> = {}): Task => ({
  taskId: uuidv7(),
  applicationId,
  projectId,
  step: 'six-item-bundle',
  item: 'construction-permit',
  itemName: '建筑工程施工许可证核发',
  department: 'housing-construction',
  departmentName: '住房城乡建设局',
  status: 'assigned',
  nationalCode: 3,
  version: 1,
  supplementRoundsUsed: 0,
  clocks: {
    statutory: { limit: { value: 20, unit: 'W' }, start: '2026-03-02', suspensions: [] },
    committed: { limit: { value: 4, unit: 'W' }, start: '2026-03-02', suspensions: [] },
  },
  dueOn: '2026-03-06',
  updatedAt: '2026-03-02T01:30:00Z',
  ...over,
})

export const warned = (t: Task, over: Partial<EventBody<typeof TaskClockWarnedV1>> = {}) => ({
  task: t,
  clock: 'committed' as const,
  dueOn: '2026-03-06',
  detectedOn: '2026-03-06',
  detectedAt: '2026-03-06T01:00:00Z',
  used: 4,
  limit: 4,
  ...over,
})

export const notice = (
  t: Task,
  over: Partial<EventBody<typeof SupplementNoticeIssuedV1>> = {},
): EventBody<typeof SupplementNoticeIssuedV1> => ({
  noticeId: uuidv7(),
  applicationId: t.applicationId,
  projectId: t.projectId,
  version: 1,
  status: 'open',
  requests: [
    {
      taskId: t.taskId,
      department: t.department,
      item: t.item,
      materials: ['construction-contract'],
      reason: '合同未盖章',
      requestedOn: '2026-03-03',
    },
  ],
  issuedAt: '2026-03-03T02:00:00Z',
  ...over,
})

export const stepDecided = (
  t: Task,
  outcome: 'approved' | 'rejected' = 'approved',
): EventBody<typeof StepDecidedV1> => ({
  applicationId: t.applicationId,
  projectId: t.projectId,
  step: 'six-item-bundle',
  outcome,
  decidedAt: '2026-03-04T02:00:00Z',
  decidedOn: '2026-03-04',
  tasks: [{ taskId: t.taskId, item: t.item, department: t.department, outcome }],
})

type AcceptanceCase = EventBody<typeof import('@onewindow/contracts').AcceptanceStartedV1>['case']
type UtilityRequest = EventBody<typeof import('@onewindow/contracts').UtilityRequestOpenedV1>['request']
type RegistrationCase = EventBody<typeof import('@onewindow/contracts').RegistrationCaseOpenedV1>['case']
type SignedCertificate = EventBody<typeof import('@onewindow/contracts').CertificateIssuedV1>['certificate']

/** A joint acceptance case snapshot (version 1, just opened) led by housing with a fire item. */
export const acceptanceCase = (projectId: string, over: Partial<AcceptanceCase> = {}): AcceptanceCase => ({
  caseId: uuidv7(),
  projectId,
  projectType: 'industrial-land-with-scheme',
  region: '440600',
  owner: owners.foshan,
  lead: 'housing-construction',
  status: 'open',
  items: [
    { item: 'completion-acceptance-filing', department: 'housing-construction', status: 'pending', round: 0 },
    { item: 'fire-acceptance-filing', department: 'fire', status: 'pending', round: 0 },
  ],
  clock: { limit: { value: 8, unit: 'W' }, start: '2026-03-04', suspensions: [] },
  registrationWithAcceptance: true,
  openedAt: '2026-03-04T01:00:00Z',
  version: 1,
  updatedAt: '2026-03-04T01:00:00Z',
  ...over,
})

export const utilityRequest = (projectId: string, over: Partial<UtilityRequest> = {}): UtilityRequest => ({
  requestId: uuidv7(),
  projectId,
  applicationId: uuidv7(),
  provider: 'water',
  stage: 'survey',
  lowRisk: true,
  line: { lengthM: 120, diameterMm: 150 },
  permits: [],
  openedAt: '2026-03-03T01:00:00Z',
  version: 1,
  updatedAt: '2026-03-03T01:00:00Z',
  ...over,
})

export const registrationCase = (projectId: string, over: Partial<RegistrationCase> = {}): RegistrationCase => ({
  caseId: uuidv7(),
  projectId,
  acceptanceCaseId: uuidv7(),
  status: 'pre-survey',
  openedAt: '2026-03-04T01:00:00Z',
  version: 1,
  updatedAt: '2026-03-04T01:00:00Z',
  ...over,
})

export const signedCertificate = (
  projectId: string,
  over: Partial<SignedCertificate['body']> = {},
): SignedCertificate => ({
  body: {
    certificateId: uuidv7(),
    kind: 'property',
    number: '粤(2026)佛山市不动产权第0000001号',
    title: '不动产权证书',
    projectId,
    owner: owners.foshan,
    issuedOn: '2026-03-16',
    ...over,
  },
  algorithm: 'Ed25519',
  keyId: 'test-key',
  signature: 'c2lnbmF0dXJl',
})

/** A complaint registered online by the Shanwei owner on Monday 2 March, 09:00 in Shanghai; dispatch due Tuesday 3 March. */
export const ticketRegistered = (over: Partial<Ticket> = {}): Ticket => ({
  ticketId: uuidv7(),
  groupId: uuidv7(),
  type: 'complaint',
  channel: 'online',
  status: 'registered',
  title: '规划许可逾期未办结',
  content: '建设工程规划许可证申请已超过承诺时限仍未办结。',
  realName: true,
  hidden: [],
  ownerCreditCode: owners.shanwei.creditCode,
  coHandlers: [],
  registeredAt: '2026-03-02T01:00:00Z',
  registeredOn: '2026-03-02',
  dispatch: { spec: { limit: { value: 1, unit: 'W' }, start: '2026-03-02', suspensions: [] }, due: '2026-03-03' },
  dispatches: 0,
  originalLimit: 10,
  extensions: [],
  restarts: [],
  returns: [],
  ratings: [],
  returnVisits: [],
  rehandled: false,
  supervisions: [],
  version: 1,
  updatedAt: '2026-03-02T01:00:00Z',
  ...over,
})

/**
 * Dispatched on `on` to `department`: the check is due 2 WD from receipt, the handling 10 WD counted from the next
 * working day (第十四条, 第十五条); the days are given, as the service would have computed them.
 */
export const ticketDispatched = (
  t: Ticket,
  department: string,
  on: string,
  check: string,
  handling: string,
): Ticket => ({
  ...t,
  status: 'dispatched',
  department,
  dispatches: t.dispatches + 1,
  lastDispatchedOn: on,
  dispatch: { ...t.dispatch, doneOn: t.dispatch.doneOn ?? on },
  check: { spec: { limit: { value: 2, unit: 'W' }, start: on, suspensions: [] }, due: check },
  handling: { spec: { limit: { value: 10, unit: 'W' }, start: on, suspensions: [] }, due: handling },
  version: t.version + 1,
  updatedAt: `${on}T02:00:00Z`,
})
