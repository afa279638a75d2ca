import type { Tone } from '../../components/status-tag'
import type { paths } from '../../generated/api'

type CaseList = paths['/api/v1/registrations']['get']['responses'][200]['content']['application/json']
type Status = CaseList['registrations'][number]['status']

// Apart from cases.tsx so that a refusal's text (problem-text.ts) names a case's state without loading the page.
/** 不动产首次登记 — a registration case's state as a person reads it. */
export const CASE_STATUS: Record<Status, { name: string; tone: Tone }> = {
  'pre-survey': { name: '权籍调查中', tone: 'blue' },
  'pre-survey-passed': { name: '权籍调查已通过，待验收', tone: 'cyan' },
  open: { name: '首次登记办理中', tone: 'gold' },
  completed: { name: '已登记发证', tone: 'green' },
}
