import type { paths } from '../../generated/api'

type Action = NonNullable<
  paths['/api/v1/utility-requests/{id}/actions']['post']['requestBody']
>['content']['application/json']
export type WorksPlan = NonNullable<Extract<Action, { action: 'plan-done' }>['worksPlan']>

/** What the provider types in 告知承诺并推送施工方案. */
export type WorksPlanValues = {
  commitment: string
  worksReference: string
  worksDescription: string
  trafficReference?: string
  trafficDescription?: string
}

/** 交通疏解方案's two fields, by the labels the form asks for them with. */
export const TRAFFIC_FIELDS = { trafficReference: '交通疏解方案编号', trafficDescription: '交通疏解方案内容' } as const
export type TrafficField = keyof typeof TRAFFIC_FIELDS

const filled = (text: string | undefined) => Boolean(text?.trim())

/**
 * A traffic plan is filed whole or not at all (it is only needed where the works touch traffic): the field left empty
 * while the other is filled, for the form to ask for rather than drop what was typed; undefined when both or neither.
 */
export function missingTrafficField(v: Pick<WorksPlanValues, TrafficField>): TrafficField | undefined {
  const reference = filled(v.trafficReference)
  if (reference === filled(v.trafficDescription)) return undefined
  return reference ? 'trafficDescription' : 'trafficReference'
}

/**
 * The works plan the form's values file: the works plan, and the traffic plan when either of its fields is filled
 * (the form asks for the other first; were it still empty, the service names it rather than the plan vanishing).
 */
export function worksPlanOf(v: WorksPlanValues): WorksPlan {
  const traffic =
    filled(v.trafficReference) || filled(v.trafficDescription)
      ? [
          {
            kind: 'traffic-plan' as const,
            reference: v.trafficReference?.trim() ?? '',
            description: v.trafficDescription?.trim() ?? '',
          },
        ]
      : []
  return {
    commitment: v.commitment,
    plans: [{ kind: 'works-plan', reference: v.worksReference, description: v.worksDescription }, ...traffic],
  }
}
