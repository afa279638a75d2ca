import { randomUUID } from 'node:crypto'
import { addDays, legalDateOf } from '@onewindow/workdays'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  act,
  applicationIn,
  approveFirstStep,
  approveStep,
  expectStatus,
  industrialPermitMaterials,
  industrialProject,
  lowRiskFactory,
  nthWorkingDayAfter,
  ofDepartment,
  openApplication,
  owners,
  registerProject,
  sixItemDepartments,
  sixItemMaterials,
  statusWhen,
  taskOf,
  until,
} from '../src/flows.js'
import { startWorld, type World } from '../src/world.js'

// Monday 2026-03-02, 09:00 in Shanghai: a plain working month, far from any holiday.
const START = '2026-03-02T01:00:00Z'

let world: World
beforeAll(async () => {
  world = await startWorld({ natsUrl: inject('natsUrl'), databaseUrl: inject('databaseUrl'), start: START })
})
afterAll(async () => {
  await world?.[Symbol.asyncDispose]()
})

/** 施工图审查机构 and 测绘单位, named by 统一社会信用代码 of the right form. */
const reviewBody = { name: '汕尾市示例施工图审查中心', creditCode: '91441500MA51XY202F' }
const otherReviewBody = { name: '另一审查机构', creditCode: '91440600MA4UJ2K8XH' }
const surveyor = { name: '佛山市示例测绘有限公司', creditCode: '91440604MA52ABC135' }

const today = () => legalDateOf(world.clock.now())

describe('联合审图 — one review, one report, three departments decide on it', () => {
  it('re-submits the drawing set as version 2 of the same review; the report is what three departments decide on; 补正 for what it covers is refused', async () => {
    world.clock.set(START)
    const owner = world.token('owner', { creditCode: owners.b.creditCode })
    const body = world.token('review_body', { creditCode: reviewBody.creditCode })
    const projectId = await registerProject(world, lowRiskFactory(owners.b))
    await approveFirstStep(world, projectId)

    // Version 1, Monday: the review clock is 5 W from the day of submission.
    const submitted = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/drawing-review`, owner, {
        reviewBody,
        title: '施工图 第1版',
        documentRef: 'doc://drawings-v1.zip',
      }),
      200,
    ).review
    expect(submitted.status).toBe('reviewing')
    expect(submitted.versions).toHaveLength(1)
    expect(submitted.versions[0].clock).toMatchObject({ limit: { value: 5, unit: 'W' }, start: '2026-03-02' })
    expect(submitted.versions[0].dueOn).toBe(nthWorkingDayAfter('2026-03-02', 5))
    const reviewId = submitted.reviewId

    // Only the review body named on it sees and answers it; another review body is told it does not exist.
    const listed = expectStatus(await world.api('GET', '/api/v1/drawing-reviews', body), 200).reviews
    expect(listed.map((r: { reviewId: string }) => r.reviewId)).toContain(reviewId)
    const stranger = world.token('review_body', { creditCode: otherReviewBody.creditCode })
    expect(
      (await world.api('GET', '/api/v1/drawing-reviews', stranger)).body.reviews.map(
        (r: { reviewId: string }) => r.reviewId,
      ),
    ).not.toContain(reviewId)
    const foreign = await world.api('POST', `/api/v1/drawing-reviews/${reviewId}/answer`, stranger, {
      outcome: 'comments',
      comments: ['x'],
    })
    expect(foreign.status).toBe(404)
    // While version 1 is under review there is nothing to re-submit.
    expect(
      (
        await world.api('POST', `/api/v1/projects/${projectId}/drawing-review`, owner, {
          reviewBody,
          title: '施工图 第2版',
          documentRef: 'doc://drawings-v2.zip',
        })
      ).status,
    ).toBe(409)

    // The review body returns it with comments.
    const commented = expectStatus(
      await world.api('POST', `/api/v1/drawing-reviews/${reviewId}/answer`, body, {
        outcome: 'comments',
        comments: ['消防疏散宽度不足', '人防口部未标注'],
      }),
      200,
    ).review
    expect(commented.status).toBe('comments')

    // Wednesday: the re-submission is version 2 of the same review, with its own clock from Wednesday.
    world.clock.advanceDays(2)
    const v2 = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/drawing-review`, owner, {
        reviewBody,
        title: '施工图 第2版',
        documentRef: 'doc://drawings-v2.zip',
      }),
      200,
    ).review
    expect(v2.reviewId).toBe(reviewId)
    expect(v2.versions.map((v: { version: number }) => v.version)).toEqual([1, 2])
    expect(v2.versions[0]).toMatchObject({ outcome: 'comments', comments: ['消防疏散宽度不足', '人防口部未标注'] })
    expect(v2.versions[1].clock.start).toBe('2026-03-04')
    expect(v2.versions[1].dueOn).toBe(nthWorkingDayAfter('2026-03-04', 5))

    // Version 2's clock runs past its due date unanswered: the scan raises yellow and overdue once, the day after.
    const v2Due = nthWorkingDayAfter('2026-03-04', 5)
    world.clock.set(`${addDays(v2Due, 1)}T01:00:00Z`)
    // A pass run here may find the review held by the world's own pass (every 250 ms) and skip it (SKIP LOCKED): the
    // alerts are that pass's to commit, so they are waited for; a pass run after them changes neither date.
    const reviewOf = async () =>
      expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/drawing-review`, owner), 200).review
    await world.approval.scanner.runOnce()
    await until(async () => (await reviewOf()).versions[1].clockAlerts !== undefined)
    await world.approval.scanner.runOnce()
    const late = await reviewOf()
    expect(late.versions[1].clockAlerts).toEqual({ warnedOn: addDays(v2Due, 1), overdueOn: addDays(v2Due, 1) })
    // Version 1 was answered in time: its clock stopped with the answer and raised nothing.
    expect(late.versions[0].clockAlerts).toBeUndefined()

    // The one report, on version 2: fire, civil air defence, telecom.
    const findings = {
      fire: '消防设计符合规范',
      'civil-air-defence': '人防工程符合要求',
      telecom: '通信基础设施（有线、无线）符合要求',
    }
    const reported = expectStatus(
      await world.api('POST', `/api/v1/drawing-reviews/${reviewId}/answer`, body, { outcome: 'passed', findings }),
      200,
    ).review
    expect(reported).toMatchObject({ status: 'passed', report: { version: 2, findings } })

    // The six-item bundle: planning, civil air defence and the construction permit depend on the report.
    const application = expectStatus(
      await openApplication(world, projectId, {
        step: 'six-item-bundle',
        form: { builder: '示例建设工程有限公司' },
        materials: sixItemMaterials,
      }),
      201,
    ).application
    const tasks = await Promise.all(sixItemDepartments.map((d) => taskOf(world, d, application.applicationId)))
    const deciding = ['civil-air-defence', 'natural-resources', 'housing-construction'].map((d) =>
      ofDepartment(tasks, d),
    )
    for (const t of deciding) {
      const reviewer = world.token('reviewer', { department: t.department })
      const shown = expectStatus(await world.api('GET', `/api/v1/tasks/${t.taskId}/drawing-report`, reviewer), 200)
      expect(shown.review).toMatchObject({ reviewId, report: { version: 2 } })
      expect(shown.subjects.length).toBeGreaterThan(0)
      // Another department cannot read this task's report.
      const other = world.token('reviewer', { department: 'water-supply' })
      expect((await world.api('GET', `/api/v1/tasks/${t.taskId}/drawing-report`, other)).status).toBe(404)
    }
    // A task whose item does not depend on the review has no report.
    const water = ofDepartment(tasks, 'water-supply')
    expect(
      (
        await world.api(
          'GET',
          `/api/v1/tasks/${water.taskId}/drawing-report`,
          world.token('reviewer', { department: 'water-supply' }),
        )
      ).status,
    ).toBe(404)

    // The construction permit's department may not ask the owner for the drawings the report covers.
    const housing = ofDepartment(tasks, 'housing-construction')
    expectStatus(await act(world, housing, { action: 'claim' }), 200)
    const asked = await act(world, housing, {
      action: 'supplement',
      materials: ['construction-drawings-uploaded'],
      reason: '请补交施工图',
    })
    expect(asked.status).toBe(422)
    expect(asked.body.code).toBe('APPROVAL_COVERED_BY_DRAWING_REPORT')
    expect(asked.body.detail ?? asked.body.message ?? '').toContain(reviewId)
    // Nor may the step's lead department ask for it on a department's behalf.
    const byLead = await world.api(
      'POST',
      `/api/v1/applications/${application.applicationId}/supplement-notice`,
      world.token('lead', { department: 'housing-construction' }),
      {
        requests: [
          {
            taskId: ofDepartment(tasks, 'civil-air-defence').taskId,
            materials: ['construction-drawings-uploaded'],
            reason: '请补交人防施工图',
          },
        ],
      },
    )
    expect(byLead.status).toBe(422)
    expect(byLead.body.code).toBe('APPROVAL_COVERED_BY_DRAWING_REPORT')
    expect(byLead.body.errors).toEqual([
      { field: '/body/requests/0/materials/0', message: `covered by the joint drawing-review report ${reviewId} v2` },
    ])
    // It may still ask for what the report does not cover.
    expect((await act(world, ofDepartment(tasks, 'natural-resources'), { action: 'claim' })).status).toBe(200)

    // Three departments decide on the one report.
    expectStatus(await act(world, housing, { action: 'approve' }), 200)
    for (const d of ['civil-air-defence', 'natural-resources']) {
      const t = ofDepartment(tasks, d)
      if (d !== 'natural-resources') expectStatus(await act(world, t, { action: 'claim' }), 200)
      expectStatus(await act(world, t, { action: 'approve' }), 200)
    }
    const after = expectStatus(
      await world.api('GET', `/api/v1/projects/${projectId}/drawing-review`, owner),
      200,
    ).review
    expect(after.reviewId).toBe(reviewId)
    expect(after.reliedOn.map((r: { department: string }) => r.department).sort()).toEqual([
      'civil-air-defence',
      'housing-construction',
      'natural-resources',
    ])
    for (const r of after.reliedOn) expect(r).toMatchObject({ outcome: 'approved', reportVersion: 2 })

    // Another owner does not see the review; the project's timeline carries it.
    const stranger2 = world.token('owner', { creditCode: owners.a.creditCode })
    expect((await world.api('GET', `/api/v1/projects/${projectId}/drawing-review`, stranger2)).status).toBe(404)
    const s = await statusWhen(
      world,
      projectId,
      (x) => x.timeline.filter((e) => e.type.startsWith('drawing-review.')).length >= 7,
    )
    const entries = s.timeline.filter((e) => e.type.startsWith('drawing-review.')).map((e) => e.type)
    expect(entries.filter((t) => t === 'drawing-review.submitted')).toHaveLength(2)
    expect(entries.filter((t) => t === 'drawing-review.clock-overdue')).toHaveLength(1)
    expect(entries.filter((t) => t === 'drawing-review.clock-warned')).toHaveLength(1)
    expect(entries).toContain('drawing-review.report-issued')
    expect(applicationIn(s, application.applicationId)).toBeDefined()
  })
})

describe('多测合一 — one commission per stage, results shared', () => {
  it("the completion survey's results are used by joint acceptance and by registration's pre-survey without a second survey", async () => {
    world.clock.set(START)
    const owner = world.token('owner', { creditCode: owners.a.creditCode })
    const unit = world.token('surveyor', { creditCode: surveyor.creditCode })
    const projectId = await registerProject(world, industrialProject(owners.a))

    // The permits step, approved by every department (acceptance opens only after the construction permit).
    const permits = await approveStep(world, projectId, 'permits', industrialPermitMaterials)

    // One commission for the completion stage: the seed's seven completion surveys merged into it.
    const commissioned = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/survey-commissions`, owner, {
        stage: 'completion',
        surveyor,
      }),
      201,
    ).commission
    expect(commissioned.items.map((i: { item: string }) => i.item)).toEqual([
      'as-built-planning-survey',
      'land-recheck-survey',
      'floor-area-survey',
      'parking-survey',
      'green-space-survey',
      'civil-air-defence-survey',
      'underground-pipeline-survey',
    ])
    expect(commissioned.commissionedOn).toBe(today())
    // Not twice for one stage.
    const again = await world.api('POST', `/api/v1/projects/${projectId}/survey-commissions`, owner, {
      stage: 'completion',
      surveyor,
    })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('ACCEPTANCE_SURVEY_ALREADY_COMMISSIONED')

    // The surveying unit records every result once; an incomplete set is refused, naming what is missing.
    const results = commissioned.items.map((i: { item: string }) => ({
      item: i.item,
      documentRef: `doc://survey/${i.item}.pdf`,
      ...(i.item === 'floor-area-survey' ? { areaM2: 15980.5 } : {}),
    }))
    const partial = await world.api('POST', `/api/v1/survey-commissions/${commissioned.commissionId}/results`, unit, {
      results: results.slice(1),
    })
    expect(partial.status).toBe(422)
    expect(partial.body.code).toBe('ACCEPTANCE_SURVEY_RESULTS_INVALID')
    const completed = expectStatus(
      await world.api('POST', `/api/v1/survey-commissions/${commissioned.commissionId}/results`, unit, { results }),
      200,
    ).commission
    expect(completed.status).toBe('completed')
    expect(
      (await world.api('POST', `/api/v1/survey-commissions/${commissioned.commissionId}/results`, unit, { results }))
        .status,
    ).toBe(409)

    // Joint acceptance uses the completion survey's results: the case carries them.
    const opened = expectStatus(
      await world.api('POST', `/api/v1/projects/${projectId}/acceptance`, owner, {}),
      201,
    ).case
    expect(opened.survey).toMatchObject({ commissionId: commissioned.commissionId, surveyor })
    expect(opened.survey.results).toHaveLength(7)

    // Registration's pre-survey uses the same results: it passed without a second survey.
    const registrar = world.token('registrar')
    let registration:
      | {
          caseId: string
          status: string
          preSurveyBy?: { commissionId: string; surveyor?: string; surveyedAt?: string; floorAreaM2?: number }
        }
      | undefined
    await until(async () => {
      const list = (await world.api('GET', '/api/v1/registrations', registrar)).body?.registrations ?? []
      registration = list.find((r: { projectId: string }) => r.projectId === projectId)
      return registration?.status === 'pre-survey-passed'
    })
    // It names the surveying unit and when its results were recorded, for the registrar to say whose survey it used.
    expect(registration?.preSurveyBy).toEqual({
      commissionId: commissioned.commissionId,
      surveyor: surveyor.name,
      surveyedAt: completed.completedAt,
      floorAreaM2: 15980.5,
    })
    const second = await world.api('POST', `/api/v1/registrations/${registration?.caseId}/actions`, registrar, {
      action: 'pass-pre-survey',
    })
    expect(second.status).toBe(409)

    // The owner sees the commission with its results; the surveying unit its worklist; the timeline both events.
    const mine = expectStatus(await world.api('GET', `/api/v1/projects/${projectId}/survey-commissions`, owner), 200)
    expect(mine.commissions).toHaveLength(1)
    expect(mine.commissions[0].results).toHaveLength(7)
    const work = expectStatus(await world.api('GET', '/api/v1/survey-commissions', unit), 200)
    expect(work.commissions.map((c: { commissionId: string }) => c.commissionId)).toContain(commissioned.commissionId)
    // The departments approving the project read them too: a reviewer or a lead whose department has a task on it; a
    // department with none is told of no project, the same answer as for an unknown one.
    const approving = permits.tasks[0]?.department as string
    for (const role of ['reviewer', 'lead'] as const) {
      const read = await world.api(
        'GET',
        `/api/v1/projects/${projectId}/survey-commissions`,
        world.token(role, { department: approving }),
      )
      expect(expectStatus(read, 200).commissions[0].results).toHaveLength(7)
      const stranger = world.token(role, { department: 'market-regulation' })
      const theirs = await world.api('GET', `/api/v1/projects/${projectId}/survey-commissions`, stranger)
      expect(theirs.status).toBe(404)
      const unknown = randomUUID()
      const missing = await world.api('GET', `/api/v1/projects/${unknown}/survey-commissions`, stranger)
      const blanked = (body: unknown, id: string) => JSON.stringify(body).replaceAll(id, '<id>')
      expect(blanked(theirs.body, projectId)).toBe(blanked(missing.body, unknown))
    }
    const timeline = await statusWhen(world, projectId, (x) => x.timeline.some((e) => e.type === 'survey.completed'))
    expect(timeline.timeline.some((e) => e.type === 'survey.commissioned')).toBe(true)
  })
})
