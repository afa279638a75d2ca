import { UTILITY_LINE_MAXIMA, UTILITY_PROVIDERS } from '../../bounds'
import { providerName } from '../../departments'

// 报装前移: water, power and the other hookups are applied for in the same combined form as the permits of the type's
// hookup step (汕尾: 供水供电报装 with the permits, seeds/004_33317a5f04b53a73.txt:1808; 佛山 004:2193), sent as
// `form.utilities`; the utility service opens one request per provider from them, so the owner files nothing again.

export type HookupProvider = (typeof UTILITY_PROVIDERS)[number]
type Measure = keyof typeof UTILITY_LINE_MAXIMA
type Flag = 'newChannel' | 'onMainRoad'
export type LineField = Measure | Flag

/** One input of a hookup: a bounded measure with its unit, or a yes/no fact. */
export type LineInput =
  | { kind: 'measure'; field: Measure; label: string; required: boolean; max: number; shownIf?: Flag }
  | { kind: 'flag'; field: Flag; label: string }

/** The pipe utilities, whose line has a diameter (DN). */
const PIPES: ReadonlySet<string> = new Set(['water', 'drainage', 'gas'])

const measure = (field: Measure, label: string, required: boolean, shownIf?: Flag): LineInput => ({
  kind: 'measure',
  field,
  label,
  required,
  max: UTILITY_LINE_MAXIMA[field],
  ...(shownIf ? { shownIf } : {}),
})

/**
 * What the desk asks of each hookup: the outside line's length (the one measure the contract requires), the pipe's DN
 * or the supply voltage and cable channel, the green space the works take for a time, and whether they touch a city
 * main road. These are the facts the region's low-risk test reads (Shanwei 004:1848–1850, Foshan 004:2139) and a fact
 * left out fails it, so the desk asks each yes/no outright and the size of a line's own kind; green space left empty
 * is none taken, as the utility service reads it.
 */
export function lineInputs(provider: HookupProvider): LineInput[] {
  return [
    measure('lengthM', '外线长度（米）', true),
    ...(PIPES.has(provider) ? [measure('diameterMm', '管径（DN，毫米）', true)] : []),
    ...(provider === 'power'
      ? [
          measure('voltageKv', '供电电压（千伏）', true),
          { kind: 'flag', field: 'newChannel', label: '是否新建电缆通道' } as const,
          measure('newChannelLengthM', '新建电缆通道长度（米）', true, 'newChannel'),
        ]
      : []),
    measure('greenSpaceM2', '临时占用绿地面积（平方米，未占用可不填）', false),
    { kind: 'flag', field: 'onMainRoad', label: '是否涉及城市主干道' },
  ]
}

/** The hookup part of the desk's form: the utilities chosen, and each one's line as entered. */
export type HookupValues = {
  providers?: HookupProvider[]
  lines?: Partial<Record<HookupProvider, Partial<Record<LineField, number | boolean | null>>>>
}

export type HookupNeed = { provider: HookupProvider } & Partial<Record<LineField, number | boolean>>

/** `form.utilities` as intake reads it: the chosen utilities in the desk's order, each with the fields it asks. */
export function hookupsOf(values: HookupValues | undefined): HookupNeed[] {
  const chosen = new Set(values?.providers ?? [])
  return UTILITY_PROVIDERS.filter((p) => chosen.has(p)).map((provider) => {
    const line = values?.lines?.[provider] ?? {}
    const need: HookupNeed = { provider }
    for (const input of lineInputs(provider)) {
      if (input.kind === 'measure' && input.shownIf && line[input.shownIf] !== true) continue
      const v = line[input.field]
      if (typeof v === 'number' || typeof v === 'boolean') need[input.field] = v
    }
    return need
  })
}

/**
 * The form field a refusal of `form.utilities` points at (`/form/utilities/0/lengthM`, intake's notice line), given
 * the hookups sent in that order: the measure's input, else the utilities' choice itself.
 */
export function hookupFieldOf(
  pointer: string,
  sent: readonly HookupNeed[],
): ['hookups', 'lines', HookupProvider, LineField] | ['hookups', 'providers'] | undefined {
  const match = /^\/form\/utilities(?:\/(\d+)(?:\/([^/]+))?)?$/.exec(pointer)
  if (!match) return undefined
  const provider = match[1] === undefined ? undefined : sent[Number(match[1])]?.provider
  const input = provider ? lineInputs(provider).find((i) => i.field === match[2]) : undefined
  return provider && input ? ['hookups', 'lines', provider, input.field] : ['hookups', 'providers']
}

/** A hookup as the desk names it: 供电报装. */
export const hookupName = (provider: HookupProvider) => `${providerName(provider)}报装`
