import { readdirSync, readFileSync } from 'node:fs'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ApiProblem, type FieldProblem, must } from '../src/api.js'
import { type FieldNames, fieldMessage, fieldName, ProblemAlert, problemLines } from '../src/components/problem.js'
import { departmentName } from '../src/departments.js'
import { chineseDateTime } from '../src/format.js'
import { chineseProblem, fieldText, hasProblemText, NOT_GRANTED, problemText } from '../src/problem-text.js'

// docs/errors.md is generated from the registry (`registerErrorCodes`) and e2e/test/errors-doc.unit.test.ts fails when
// it is stale, so its table is every code a service registers — read here instead of loading every service.
const registered = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
  .split('\n')
  .flatMap((line) => {
    const row = /^\| `([A-Z0-9_*]+)` \| (\d{3}) \|$/.exec(line)
    return row ? [{ code: row[1] as string, status: Number(row[2]) }] : []
  })

// Every kind of stored row a service checks as it reads (`storedState('<kind>', …)` in services/*/src), read from the
// sources as the registry's codes are from docs/errors.md: a kind added there and not here would be said as 相关的.
const servicesDir = new URL('../../../services/', import.meta.url)
const storedKinds = [
  ...new Set(
    readdirSync(servicesDir).flatMap((service) => {
      const src = new URL(`${service}/src/`, servicesDir)
      return readdirSync(src, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts') && !f.startsWith('generated'))
        .flatMap((f) => [...readFileSync(new URL(f, src), 'utf8').matchAll(/storedState\(\s*'([^']+)'/g)])
        .map((m) => m[1] as string)
    }),
  ),
]

const say = (code: string, body: Record<string, unknown> = {}, status = 409, retryAfter?: number) =>
  problemText({ status, code, body, retryAfter })

const chinese = /[\u4e00-\u9fff]/

/** An `ApiProblem` as `must` makes it: with its Chinese. */
const refused = (
  status: number,
  code: string,
  detail: string,
  errors: FieldProblem[] = [],
  body: Record<string, unknown> = {},
) =>
  new ApiProblem(status, code, detail, errors, body, undefined, chineseProblem({ status, code, detail, errors, body }))

describe('a refusal in Chinese', () => {
  it('has a sentence for every code docs/errors.md lists (every registered code and rule)', () => {
    expect(registered.length).toBeGreaterThan(150)
    expect(registered.map((r) => r.code)).toContain('*_NOT_FOUND')
    expect(registered.filter((r) => !hasProblemText(r.code)).map((r) => r.code)).toEqual([])
  })

  it("says each registered code in Chinese, whatever members came with it, and never shows a member's absence", () => {
    const hostile = {
      lastDay: 42,
      retryAfter: ['x'],
      case: 'four',
      department: null,
      errors: 'none',
      field: 7,
      problem: 'length',
      verification: 'yes',
      extended: { on: {} },
    }
    for (const { code, status } of registered.filter((r) => !r.code.startsWith('*'))) {
      for (const body of [{}, hostile]) {
        const { text, known } = say(code, body, status)
        expect(known, code).toBe(true)
        expect(text, code).toMatch(chinese)
        expect(text, code).not.toMatch(/undefined|null|NaN|\[object|（）/)
      }
    }
  })

  it('writes the days and instants the problem carries as the console writes them', () => {
    expect(say('INTAKE_RECEIPT_NOTICE_LATE', { lastDay: '2026-03-09' }).text).toBe(
      '一次性告知应在收件后 5 个工作日内作出（最迟2026年3月9日）；逾期未告知的，自收到申请材料之日起即为受理（行政许可法第三十二条）。',
    )
    const retryAfter = '2026-03-02T01:00:30.000Z'
    expect(say('INTAKE_ASSIST_ANSWER_IN_FLIGHT', { caseId: 'c-1', retryAfter }).text).toBe(
      `帮办代办员对补正通知的答复可能仍在提交途中，请于${chineseDateTime(retryAfter)}之后再结束该帮办代办案件。`,
    )
    expect(say('APPROVAL_RATING_WINDOW_CLOSED', { closesOn: '2026-04-30' }).text).toContain('于2026年4月30日届满')
    expect(say('APPROVAL_ALREADY_EXTENDED', { extended: { on: '2026-05-06' } }).text).toContain('于2026年5月6日')
    expect(say('HOTLINE_NOTICE_NOT_IN_ADVANCE', { after: '2026-11-05' }).text).toBe(
      '变动须提前通报：施行日期应晚于今天（2026年11月5日）。',
    )
  })

  it('names what the problem names: a department, a case of 第二十九条, a count, a land code, a wait', () => {
    expect(say('APPROVAL_NOT_YOUR_DEPARTMENT', { department: 'natural-resources' }, 403).text).toBe(
      '只有自然资源部门的审批人员才能办理该任务。',
    )
    expect(say('ACCEPTANCE_NOT_THE_LEAD', { lead: 'housing-construction' }, 403).text).toBe(
      `只有联合验收牵头部门（${departmentName('housing-construction')}）才能安排现场检查。`,
    )
    expect(say('ACCEPTANCE_NOT_THE_LEAD', {}, 403).text).toBe('只有联合验收牵头部门才能安排现场检查。')
    expect(say('HOTLINE_REHANDLING_NOT_ALLOWED', { case: 4 }).text).toBe(
      '该工单属于《广州市政务服务便民热线管理办法》第二十九条第（四）项情形（调解已达成协议或已终结），不再发回再次办理。',
    )
    expect(say('HOTLINE_EXTENSION_TOO_LONG', { field: '/body/days', max: 10 }, 422).text).toContain('最多 10 个工作日')
    expect(say('HOTLINE_ID_NUMBER_INVALID', { problem: { kind: 'check' } }, 422).text).toBe(
      '身份证号码的校验码不正确，请核对。',
    )
    expect(say('HOTLINE_REPORT_INCOMPLETE', { field: '/body/mediation' }, 422).text).toBe(
      '办理情况不完整：请填写消费调解情况。',
    )
    const linked = { errors: [{ field: '/areaId', message: 'linked to A-0042' }] }
    expect(say('INTAKE_LAND_ALREADY_LINKED', linked).text).toContain('已确认所在评估区域 A-0042')
    expect(say('GATEWAY_RATE_LIMITED', { limit: 'minute' }, 429, 7).text).toBe('操作过于频繁，请 7 秒后再试。')
    expect(say('GATEWAY_RATE_LIMITED', { limit: 'auth-failures' }, 429).text).toBe('登录失败次数过多，请稍后重试。')
  })

  it('names the materials a 补正 asked outside the item’s service guide, and those the guide lists', () => {
    const body = {
      outside: ['design-scheme'],
      guideMaterials: ['land-sale-confirmation', 'land-transfer-contract'],
    }
    expect(say('APPROVAL_MATERIAL_NOT_IN_GUIDE', body, 422).text).toBe(
      '建设工程设计方案不在该事项办事指南所列的材料之内：补正只能要求指南列明的材料（用地成交确认书、土地使用权出让合同），不得要求指南以外的材料。',
    )
    expect(say('APPROVAL_MATERIAL_NOT_IN_GUIDE', { outside: ['x'], guideMaterials: [] }, 422).text).toContain(
      '该事项的办事指南未列材料',
    )
    // The 用地清单's refusal, which the form no longer lets a reviewer reach, is said naming the plot and its day.
    expect(say('APPROVAL_OUTSIDE_LAND_LIST', { plotCode: 'A-07', listPublishedOn: '2026-03-02' }, 422).text).toBe(
      '所提要求不在宗地 A-07 的用地清单（2026年3月2日公布）之内：审批部门不得增加用地清单以外的要求。',
    )
    expect(fieldText('not in the service guide of 建设用地规划许可证核发')).toBe(
      '不在“建设用地规划许可证核发”办事指南所列的材料之内',
    )
  })

  it('says the breach form’s field refusals (告知承诺事后核查, 容缺后补核查) in Chinese', () => {
    expect(fieldText('is not a working day after today (2026-04-02)')).toBe('须为今天（2026年4月2日）之后的工作日')
    expect(fieldText('is required with the rectify measure')).toBe('选择责令整改时必填')
    expect(fieldText('is only for the bar-commitment measure')).toBe('仅在选择禁止选择告知承诺时填写')
    expect(fieldText('is required when the commitment was breached')).toBe('与承诺不符时必填')
    expect(fieldText('is only for a breached commitment')).toBe('仅在与承诺不符时填写')
    expect(fieldText('revoke is for a granted permit; it was revoked on 2026-03-09')).toBe(
      '许可已于2026年3月9日撤销，不能再次依法撤销许可',
    )
    expect(fieldText('revoke is for a granted permit; the task is rejected')).toBe(NOT_GRANTED)
  })

  it('names the state a refusal met as the pages name it, never the HTTP status', () => {
    const refresh = '请刷新页面查看最新状态。'
    expect(say('ACCEPTANCE_CASE_ALREADY_OPEN', { caseId: 'c-1', caseStatus: 'rectifying' }).text).toBe(
      '该项目已有联合验收申请（当前为“整改中”），不能重复申请。',
    )
    expect(say('ACCEPTANCE_CASE_DECIDED', { caseStatus: 'failed' }).text).toBe(
      '该联合验收已作出结论（验收不通过），不能再办理此项操作。',
    )
    expect(
      say('ACCEPTANCE_ITEM_NOT_PENDING', { item: 'fire-acceptance-filing', itemStatus: 'rectify', round: 1 }).text,
    ).toBe('该事项（当前为“需整改”）不在第 1 轮现场检查的待验收事项之中。')
    expect(say('ACCEPTANCE_NOT_COMMITTED', { item: 'fire-acceptance-filing', itemStatus: 'pending' }).text).toBe(
      '该事项（当前为“待验收”）不是以告知承诺方式通过的，无需核查。',
    )
    expect(say('ACCEPTANCE_FAIL_REASONS_REQUIRED', {}, 422).text).toBe('验收意见为“不通过”的，须写明不通过的理由。')
    expect(say('APPROVAL_DRAWING_REVIEW_STATE_CONFLICT', { reviewId: 'r-1', reviewStatus: 'passed' }).text).toBe(
      `施工图审查当前为“审查合格，已出具审查报告”，不能办理此项操作：审查中的版本须待审查意见出具后再提交新版本，已出具审查报告的不再审查。${refresh}`,
    )
    expect(say('APPROVAL_RATING_NOT_DECIDED', { taskId: 't-1', taskStatus: 'claimed' }).text).toBe(
      '部门作出审批决定后才能评价（该审批任务当前为“办理中”）。',
    )
    expect(say('HOTLINE_TICKET_STATE_CONFLICT', { ticketStatus: 'replied', action: 'contribute' }).text).toBe(
      `该工单当前为“已答复，待审核”，不能办理此项操作，可能已被他人办理。${refresh}`,
    )
    expect(say('REGISTRATION_CASE_NOT_OPEN', { caseStatus: 'pre-survey' }).text).toBe(
      `只有首次登记办理中的案件才能办结（当前为“权籍调查中”）。${refresh}`,
    )
    expect(say('REGISTRATION_PRE_SURVEY_NOT_RUNNING', { caseStatus: 'open' }).text).toBe(
      `该案件的权籍调查不在进行中（当前为“首次登记办理中”）。${refresh}`,
    )
    // A state no table names is left out; the problem's own `status` is the HTTP status, never a state.
    expect(say('ACCEPTANCE_CASE_DECIDED', { caseStatus: 'archived' }).text).toBe(
      '该联合验收已作出结论，不能再办理此项操作。',
    )
    expect(say('HOTLINE_TICKET_STATE_CONFLICT', { status: 409, ticketStatus: 'toString' }).text).toBe(
      `该工单当前所处的环节不能办理此项操作，可能已被他人办理。${refresh}`,
    )
  })

  it('names the step a step refusal is about, as the project names it, and says so generally without it', () => {
    const step = { step: 'six-item-bundle', stepName: '六项一并申请' }
    expect(say('INTAKE_STEP_ALREADY_APPROVED', step).text).toBe('“六项一并申请”已审批通过，无需再次申请。')
    expect(say('INTAKE_STEP_EXEMPT', step).text).toBe('该项目在“六项一并申请”的事项均免于办理，无需申请。')
    expect(say('INTAKE_STEP_SKIPPED', step).text).toBe('该项目无需办理“六项一并申请”，不必申请。')
    expect(say('INTAKE_STEP_SKIPPED', {}).text).toBe('该项目无需办理此环节，不必申请。')
    // Joint acceptance is the lead department's to accept (004:2299); registration follows its result (004:1816).
    expect(say('INTAKE_STEP_NOT_AT_WINDOW', { step: 'joint-acceptance', stepName: '竣工联合验收' }, 422).text).toBe(
      '“竣工联合验收”不在窗口申请：竣工联合验收由建设单位向牵头部门申请，由牵头部门统一受理；不动产首次登记依联合验收结果办理，无需申请。',
    )
  })

  it("names a service's damaged stored row by its kind, and says nothing was changed", () => {
    expect(say('APPROVAL_STORED_ROW_UNREADABLE', { row: 'task', rowId: 't-1' }, 500).text).toBe(
      '该审批任务的存储记录已损坏，暂时无法查看或办理，本次操作未作任何更改；已记录，请联系系统管理员。',
    )
    expect(say('REGISTRATION_STORED_ROW_UNREADABLE', { row: 'registration case' }, 500).text).toContain(
      '该不动产登记案件的存储记录已损坏',
    )
    expect(say('HOTLINE_STORED_ROW_UNREADABLE', { row: 'no such kind' }, 500).text).toBe(
      '相关的存储记录已损坏，暂时无法查看或办理，本次操作未作任何更改；已记录，请联系系统管理员。',
    )
  })

  it('names every kind of stored row a service checks as it reads', () => {
    // The services hold more than twenty kinds (tasks, cases, tickets, …): the scan found them.
    expect(storedKinds.length).toBeGreaterThan(20)
    expect(storedKinds).toContain('utility request')
    const unnamed = storedKinds.filter((row) =>
      say('UTILITY_STORED_ROW_UNREADABLE', { row }, 500).text.startsWith('相关的'),
    )
    expect(unnamed).toEqual([])
  })

  it('states the quality pool rule as K + 1, which the schema (a pool of one at least) does not', () => {
    expect(say('ACCEPTANCE_QUALITY_POOL_INVALID', {}, 422).text).toContain('至少比每个项目抽取的检查人员数多一人')
  })

  it('says what a *_NOT_FOUND code names, and something for one it cannot name', () => {
    expect(say('INTAKE_PROJECT_NOT_FOUND', {}, 404).text).toBe('未找到该项目，可能编号有误或您无权查看。')
    expect(say('INTAKE_ASSIST_CASE_NOT_FOUND', {}, 404).text).toContain('未找到该帮办代办案件')
    expect(say('GATEWAY_TICKET_NOT_FOUND', {}, 404).text).toContain('未找到该工单')
    expect(say('ACCEPTANCE_QUALITY_INSPECTION_NOT_FOUND', {}, 404).text).toContain('未找到该质量安全监督检查')
    expect(say('SOMEWHERE_WIDGET_NOT_FOUND', {}, 404)).toEqual({
      text: '未找到所请求的记录，可能编号有误或您无权查看。',
      known: true,
    })
  })

  it('names the role an intake command refused and the roles it takes, as the menu names them', () => {
    const forbidden = (body: Record<string, unknown>) => say('INTAKE_ROLE_FORBIDDEN', body, 403).text
    expect(forbidden({ role: 'owner', allowedRoles: ['clerk', 'admin'] })).toBe(
      '您的角色“建设单位（业主）”不能办理此项操作，此项操作须由窗口受理人员或系统管理员办理。',
    )
    expect(forbidden({ role: 'reviewer', allowedRoles: ['owner', 'clerk', 'helper'] })).toBe(
      '您的角色“部门审批人员”不能办理此项操作，此项操作须由建设单位（业主）、窗口受理人员或帮办代办员办理。',
    )
    expect(forbidden({ role: 'helper', allowedRoles: ['clerk'] })).toBe(
      '您的角色“帮办代办员”不能办理此项操作，此项操作须由窗口受理人员办理。',
    )
    // A role the console does not name leaves its part out: a list with one is not said at all, rather than said short.
    expect(forbidden({ role: 'mayor', allowedRoles: ['clerk'] })).toBe(
      '您的角色不能办理此项操作，此项操作须由窗口受理人员办理。',
    )
    expect(forbidden({ role: 'owner', allowedRoles: ['clerk', 'mayor'] })).toBe(
      '您的角色“建设单位（业主）”不能办理此项操作。',
    )
    for (const body of [{}, { role: 'toString', allowedRoles: 'clerk' }, { role: 7, allowedRoles: [null, 3] }])
      expect(forbidden(body), JSON.stringify(body)).toBe('您的角色不能办理此项操作。')
  })

  it('names the step applied for and the step it waits for, as the project’s catalogue names them', () => {
    const bundle = '人防、规划、施工许可、节能审查、供水供电报装一并申请'
    const first = '立项用地规划许可阶段'
    const early = (body: Record<string, unknown>) => say('INTAKE_STEP_OUT_OF_ORDER', body).text
    expect(
      early({
        step: 'six-item-bundle',
        stepName: bundle,
        waitingFor: 'land-planning-and-filing',
        waitingForName: first,
      }),
    ).toBe(`“${bundle}”须待前置环节“${first}”审批通过后才能申请。`)
    expect(early({ waitingFor: 'land-planning-and-filing', waitingForName: first })).toBe(
      `该环节须待前置环节“${first}”审批通过后才能申请。`,
    )
    expect(early({ step: 'six-item-bundle', stepName: bundle })).toBe(`“${bundle}”须待其前置环节审批通过后才能申请。`)
    // Codes are no names: without the names, the sentence that names no step.
    expect(early({ step: 'six-item-bundle', waitingFor: 'land-planning-and-filing' })).toBe(
      '该环节须待其前置环节审批通过后才能申请。',
    )
  })

  it('says an intake row that does not read is damaged, and that the command changed nothing', () => {
    const members = { applicationId: 'a-1', table: 'commitment', column: 'verify_by' }
    expect(say('INTAKE_APPLICATION_UNREADABLE', members, 500).text).toBe(
      '该申请的存储记录已损坏，暂时无法查看或办理，本次操作未作任何更改；已记录，请联系系统管理员。',
    )
    expect(say('INTAKE_PROJECT_UNREADABLE', { projectId: 'p-1', table: 'project', column: 'flow' }, 500).text).toBe(
      '该项目的存储记录已损坏，暂时无法办理，本次操作未作任何更改；已记录，请联系系统管理员。',
    )
    expect(say('INTAKE_ASSIST_CASE_UNREADABLE', { caseId: 'c-1' }, 500).text).toBe(
      '该项目的帮办代办案件记录已损坏，暂时无法代为办理，本次操作未作任何更改；已记录，请联系系统管理员。',
    )
  })

  it('falls back to a Chinese sentence by status for a code it does not know', () => {
    expect(say('BRAND_NEW_CODE', {}, 409)).toEqual({
      text: '此项操作与当前状态不符，可能已被他人办理。请刷新页面查看最新状态。',
      known: false,
    })
    for (const status of [400, 401, 403, 404, 418, 422, 429, 500, 502, 503]) {
      const { text, known } = say('BRAND_NEW_CODE', {}, status)
      expect(known).toBe(false)
      expect(text).toMatch(chinese)
    }
  })

  it('names the call of a hotline reply and the rule of 第二十一条 it broke, or all the rules when it cannot', () => {
    const registeredAt = '2026-03-02T02:00:00.000Z'
    const reportedAt = '2026-03-06T02:00:00.000Z'
    const first = '2026-03-05T01:00:00Z'
    expect(say('HOTLINE_CALLS_INVALID', { reason: 'before-registration', call: 2, registeredAt }, 422).text).toBe(
      `第 2 次联系的时间早于工单登记时间（${chineseDateTime(registeredAt)}）：三次联系须在工单登记之后。`,
    )
    expect(say('HOTLINE_CALLS_INVALID', { reason: 'after-report', call: 3, reportedAt }, 422).text).toBe(
      `第 3 次联系的时间晚于提交办理情况的时间（${chineseDateTime(reportedAt)}）：三次联系须在提交办理情况之前。`,
    )
    expect(say('HOTLINE_CALLS_INVALID', { reason: 'out-of-order', call: 2, previousAt: first }, 422).text).toBe(
      '第 2 次联系早于第 1 次：三次联系须按先后顺序填写。',
    )
    const tooClose = { reason: 'too-close', call: 2, previousAt: first, minutes: 14 }
    expect(say('HOTLINE_CALLS_INVALID', tooClose, 422).text).toBe(
      '第 2 次联系距第 1 次不足 15 分钟（仅隔 14 分钟）：每次联系须间隔不少于 15 分钟。',
    )
    expect(say('HOTLINE_CALLS_INVALID', { ...tooClose, call: 3, minutes: 0 }, 422).text).toBe(
      '第 3 次联系距第 2 次不足 15 分钟：每次联系须间隔不少于 15 分钟。',
    )
    // Next to the field, the sentence that names the call, not the English the field repeats.
    const detail = 'Each call is made at least 15 minutes after the one before, in order.'
    const calls = refused(422, 'HOTLINE_CALLS_INVALID', detail, [{ field: '/body/calls/1', message: detail }], tooClose)
    expect(fieldMessage(calls, '/body/calls/1')).toBe(say('HOTLINE_CALLS_INVALID', tooClose, 422).text)
    expect(fieldMessage(calls, '/body/calls/0')).toBeUndefined()
    // No reason, one it does not know, or a call it cannot name: every rule, as before.
    const general = '三次联系的时间须在工单登记之后、提交办理情况之前，按先后顺序填写，且每次间隔不少于 15 分钟。'
    for (const body of [
      {},
      { reason: 'too-late', call: 2 },
      { reason: 'too-close' },
      { reason: 'too-close', call: 1, minutes: 3 },
      { reason: 'out-of-order', call: 4 },
      { reason: 'before-registration', call: '2' },
      { reason: 'after-report', call: 2.5 },
    ])
      expect(say('HOTLINE_CALLS_INVALID', body, 422).text, JSON.stringify(body)).toBe(general)
  })

  it('names the day a knowledge point cited expired or takes effect', () => {
    const days = { validFrom: '2026-03-10', validTo: '2026-04-10' }
    expect(say('HOTLINE_KNOWLEDGE_NOT_VALID', { pointStatus: 'expired', ...days }, 422).text).toBe(
      '该知识点的有效期已于2026年4月10日届满，不能引用。',
    )
    expect(say('HOTLINE_KNOWLEDGE_NOT_VALID', { pointStatus: 'pending', ...days }, 422).text).toBe(
      '该知识点自2026年3月10日起生效，现在尚不能引用。',
    )
    expect(say('HOTLINE_KNOWLEDGE_NOT_VALID', { pointStatus: 'retired', ...days }, 422).text).toBe(
      '该知识点已撤回，不能引用。',
    )
    expect(say('HOTLINE_KNOWLEDGE_NOT_VALID', { pointStatus: 'expired' }, 422).text).toBe(
      '该知识点已过有效期，不能引用。',
    )
    expect(say('HOTLINE_KNOWLEDGE_NOT_VALID', { pointStatus: 'pending' }, 422).text).toBe(
      '该知识点尚未生效，不能引用。',
    )
  })
})

describe("a field's message in Chinese", () => {
  it('translates the shapes TypeBox, Ajv and service-kit write, numbers kept', () => {
    expect(fieldText('must NOT have more than 200 characters')).toBe('不能超过 200 个字符')
    // 依法撤销许可 on a task not approved; one revoked already names its day (above).
    expect(fieldText('revoke is for a granted permit; the task is in-review')).toBe(
      '本事项尚未作出许可（或已撤销），不能选择依法撤销许可',
    )
    expect(fieldText('must not have more than 200 characters')).toBe('不能超过 200 个字符')
    expect(fieldText('must NOT have fewer than 1 characters')).toBe('不能为空')
    expect(fieldText('must not have more than 50 items')).toBe('最多 50 项')
    expect(fieldText('must not have fewer than 2 items')).toBe('至少 2 项')
    expect(fieldText("must have required property 'reason'")).toBe('缺少必填项：reason')
    expect(fieldText('is required')).toBe('必填')
    expect(fieldText('must match format "date"')).toBe('格式不正确，应为日期，如 2026-03-02')
    expect(fieldText('is not a real calendar day (YYYY-MM-DD)')).toBe('不是有效的日期（应为 YYYY-MM-DD）')
    expect(fieldText('must be <= 30')).toBe('不能大于 30')
    expect(fieldText('must be integer')).toBe('须为整数')
    expect(fieldText('must be at most 10000 characters')).toBe('不能超过 10000 个字符')
    expect(fieldText('is not allowed (unknown field)')).toBe('不是可接受的字段')
    expect(fieldText('is before today (2026-03-02)')).toBe('早于今天（2026年3月2日）')
    expect(fieldText('linked to A-0042')).toBe('已关联 A-0042')
  })

  it("says the combined form's 报装 refusals in Chinese (intake's domain/utilities.ts writes them)", () => {
    expect(fieldText('must be a number from 0 to 1100')).toBe('须为 0 至 1100 之间的数字')
    expect(fieldText('must be true or false')).toBe('须为是或否')
    expect(fieldText('is not a known field')).toBe('不是可接受的字段')
    expect(fieldText('power is named more than once')).toBe('同一类报装只能申请一次')
    expect(fieldText('must be one of water, power, gas, drainage, telecom')).toBe('不是可申请的报装类别')
  })

  it("says 无偿帮办代办's eligibility refusals in Chinese (intake's domain/assisted-case.ts writes them)", () => {
    expect(fieldText("County 441500 is not a county of the project's city (441500).")).toBe(
      '441500 不是本项目所在城市（441500）下辖县（区）的行政区划代码',
    )
    expect(fieldText('A county key project names the county that designated it.')).toBe(
      '县级重点项目须填写认定该项目的县（区）',
    )
    expect(
      fieldText(
        'Project type social-simple-low-risk is not an industrial project (其他产业项目, 004:1868): it is eligible only as a city or county key project.',
      ),
    ).toBe('本项目不属于其他产业项目，只能按市级或县级重点项目申请无偿帮办代办')
    expect(fieldText('An industrial project in need says what the need is.')).toBe('有需要的产业项目须说明具体需要')
    expect(fieldText('auction is not a special procedure of planning-permit')).toBe('本事项不适用所选的特别程序')
  })

  it('keeps a message of a shape it does not know as the service wrote it', () => {
    expect(fieldText('CATALOGUE_CYCLE: steps wait for each other')).toBe('CATALOGUE_CYCLE: steps wait for each other')
  })

  it("next to a field, says the problem's sentence when the field repeats the detail", () => {
    const detail = 'Each call is made at least 15 minutes after the one before, in order.'
    const calls = refused(422, 'HOTLINE_CALLS_INVALID', detail, [{ field: '/body/calls', message: detail }])
    expect(fieldMessage(calls, '/body/calls')).toBe(say('HOTLINE_CALLS_INVALID').text)
    const invalid = refused(
      400,
      'VALIDATION_FAILED',
      'The request body is invalid: /body/reason must NOT have more than 200 characters',
      [{ field: '/body/reason', message: 'must NOT have more than 200 characters' }],
    )
    expect(fieldMessage(invalid, '/body/reason')).toBe('不能超过 200 个字符')
    expect(fieldMessage(invalid, '/body/other')).toBeUndefined()
  })
})

describe('must', () => {
  it('throws the refusal with its Chinese, its members and the wait retry-after asks', async () => {
    const answer = {
      error: {
        type: 'urn:onewindow:problem:INTAKE_RECEIPT_NOTICE_LATE',
        title: 'Conflict',
        status: 409,
        code: 'INTAKE_RECEIPT_NOTICE_LATE',
        detail: 'The notice was due by 2026-03-09, the fifth working day after the receipt day; …',
        lastDay: '2026-03-09',
        errors: [{ field: '/body/reason', message: 'must NOT have more than 200 characters' }],
      },
      response: new Response(null, { status: 409, headers: { 'retry-after': '3' } }),
    }
    const thrown = await must(Promise.resolve(answer)).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(ApiProblem)
    const problem = thrown as ApiProblem
    expect([problem.status, problem.code, problem.retryAfter]).toEqual([409, 'INTAKE_RECEIPT_NOTICE_LATE', 3])
    expect(problem.detail).toBe(answer.error.detail)
    expect(problem.chinese).toEqual({
      text: say('INTAKE_RECEIPT_NOTICE_LATE', { lastDay: '2026-03-09' }).text,
      known: true,
      fields: ['不能超过 200 个字符'],
    })
  })

  it('says an answer that is no problem at all by its status', async () => {
    const thrown = await must(Promise.resolve({ error: 'Bad Gateway', response: new Response(null, { status: 502 }) }))
      .then(() => undefined)
      .catch((e: unknown) => e as ApiProblem)
    expect([thrown?.code, thrown?.detail, thrown?.chinese?.known]).toEqual(['HTTP_502', '', false])
    expect(thrown?.chinese?.text).toBe('系统暂时无法办理，请稍后重试；如仍不成功，请联系系统管理员。')
  })
})

describe('ProblemAlert', () => {
  const render = (problem: ApiProblem, fields?: FieldNames, detailsOpen?: boolean) =>
    renderToStaticMarkup(createElement(ProblemAlert, { error: problem, fields, detailsOpen }))
  /** The alert less its 技术详情: what a person reads before opening it. */
  const shown = (html: string) => html.replace(/<details[\s\S]*<\/details>/, '')
  const technical = (html: string) => /<details[\s\S]*<\/details>/.exec(html)?.[0] ?? ''

  it('shows the Chinese sentence and each field in Chinese; the code, pointers and English only in 技术详情', () => {
    const detail =
      "The helper's answer to a 补正 notice may still land under case c-1; close it after 2026-03-02T01:00:30.000Z."
    const html = render(
      refused(
        409,
        'INTAKE_ASSIST_ANSWER_IN_FLIGHT',
        detail,
        [{ field: '/body/reason', message: 'must NOT have more than 200 characters' }],
        { caseId: 'c-1', retryAfter: '2026-03-02T01:00:30.000Z' },
      ),
    )
    expect(html).toContain('请求未成功（409）')
    expect(shown(html)).toContain(
      say('INTAKE_ASSIST_ANSWER_IN_FLIGHT', { retryAfter: '2026-03-02T01:00:30.000Z' }).text,
    )
    // No name given by the page: the field's message alone, never its pointer.
    expect(shown(html)).toContain('<li>不能超过 200 个字符</li>')
    expect(shown(html)).not.toMatch(/\/body|INTAKE_|helper|<code>/)
    // Collapsed, for support: the code, the English detail, the field's pointer and its message as sent.
    expect(technical(html)).toMatch(/^<details style="[^"]*"><summary/)
    expect(technical(html)).toContain('技术详情')
    expect(technical(html)).toContain('<code>INTAKE_ASSIST_ANSWER_IN_FLIGHT</code>')
    expect(technical(html)).toContain(`<span lang="en">${detail.replace("'", '&#x27;')}</span>`)
    expect(technical(html)).toContain(
      '<code>/body/reason</code>：<span lang="en">must NOT have more than 200 characters</span>',
    )
    // Open from the start where the page asks (the administrator's catalogue upload).
    expect(technical(render(refused(422, 'INTAKE_CATALOGUE_INVALID', 'x'), undefined, true))).toMatch(
      /^<details open=""/,
    )
  })

  it("names each field by the page's Chinese name for it, whichever pointer the refusal uses", () => {
    const detail = "County 441500 is not a county of the project's city (441500)."
    const fields = { '/eligibility/county': '认定的县（市、区）代码', '/body/stages': '覆盖阶段', '/reason': '理由' }
    const html = render(
      refused(422, 'INTAKE_ASSIST_NOT_ELIGIBLE', detail, [
        { field: '/body/eligibility/county', message: detail },
        { field: '/body/stages/1', message: 'must be equal to one of the allowed values' },
        { field: '/reason', message: 'Something new and English.' },
        { field: '/body/other', message: 'Another thing in English.' },
      ]),
      fields,
    )
    expect(shown(html)).toContain(say('INTAKE_ASSIST_NOT_ELIGIBLE', {}, 422).text)
    expect(shown(html)).toContain(
      '<li>认定的县（市、区）代码：441500 不是本项目所在城市（441500）下辖县（区）的行政区划代码</li>',
    )
    expect(shown(html)).toContain('<li>覆盖阶段：不是可选的值</li>')
    // A message with no Chinese: the named field is said to be wrong, an unnamed one counted toward 技术详情.
    expect(shown(html)).toContain('<li>理由：填写内容不符合要求</li>')
    expect(shown(html)).toContain('<li>另有 1 处问题，说明见下方“技术详情”。</li>')
    expect(shown(html)).not.toMatch(/English|\/body|\/eligibility/)
    expect(technical(html)).toContain('<code>/body/other</code>：<span lang="en">Another thing in English.</span>')
  })

  it('finds a field by its own name or its nearest named parent, with or without the schema part', () => {
    const names = { '/eligibility': '服务对象', '/body/helper/sub': '帮办员账号' }
    expect(fieldName(names, '/body/eligibility/county')).toBe('服务对象')
    expect(fieldName(names, '/eligibility')).toBe('服务对象')
    expect(fieldName(names, '/helper/sub')).toBe('帮办员账号')
    expect(fieldName(names, '/body/helper/sub/0')).toBe('帮办员账号')
    expect(fieldName(names, '/body/helper/name')).toBeUndefined()
    expect(fieldName(names, '/body')).toBeUndefined()
    expect(fieldName(undefined, '/body/eligibility')).toBeUndefined()
  })

  it('points to 技术详情 for fields it cannot say in Chinese, counting them only beside others', () => {
    const problem = refused(409, 'INTAKE_STEP_OUT_OF_ORDER', 'x', [{ field: '/step', message: 'waits for land' }])
    expect(problemLines(problem)).toEqual(['详细说明见下方“技术详情”。'])
  })

  it('names a field that only repeats the sentence alone, and leaves it out unnamed', () => {
    const detail = 'Each call is made at least 15 minutes after the one before, in order.'
    const problem = refused(422, 'HOTLINE_CALLS_INVALID', detail, [{ field: '/body/calls', message: detail }])
    expect(problemLines(problem, { '/calls': '联系记录' })).toEqual(['联系记录'])
    expect(problemLines(problem)).toEqual([])
  })

  it('says beside a field that it is wrong, not the English, when its message has no Chinese', () => {
    const problem = refused(422, 'BRAND_NEW_CODE', 'x', [{ field: '/body/name', message: 'is frobbed wrongly' }])
    expect(fieldMessage(problem, '/body/name')).toBe('填写内容不符合要求')
  })

  it('shows an unknown code with a generic Chinese sentence, its English detail in 技术详情', () => {
    for (const problem of [
      refused(422, 'BRAND_NEW_CODE', 'The widget is not frobbed.'),
      // problem-text.ts not fetched (the network lost): no Chinese on the problem, the same generic sentence.
      new ApiProblem(422, 'BRAND_NEW_CODE', 'The widget is not frobbed.', [], {}),
    ]) {
      const html = render(problem)
      expect(shown(html)).toContain('请求未能办理。')
      expect(shown(html)).not.toContain('frobbed')
      expect(technical(html)).toContain('<span lang="en">The widget is not frobbed.</span>')
      expect(technical(html)).toContain('<code>BRAND_NEW_CODE</code>')
    }
  })
})
