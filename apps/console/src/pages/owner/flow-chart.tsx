import { GraphChart } from 'echarts/charts'
import { TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, useState } from 'react'
import { ownerStatusLine, STEP_STATE_NAMES, type StepView } from './flow-model'

// Only the graph, its tooltip and the canvas: ECharts whole is ~350 KB gzipped, these ~150 KB, and this module is a
// lazy chunk of its own, so the progress page shows the status before the picture's code has arrived.
echarts.use([GraphChart, TooltipComponent, CanvasRenderer])

const STEP_COLOURS: Record<StepView['state'], string> = {
  'not-started': '#8c8c8c',
  'in-progress': '#0958d9',
  approved: '#389e0d',
  rejected: '#cf1322',
  withdrawn: '#8c8c8c',
  skipped: '#bfbfbf',
  exempt: '#bfbfbf',
}
const LEVEL_COLOURS = { green: '#389e0d', yellow: '#d48806', red: '#cf1322' } as const

const STEP_GAP = 240
const ROW_GAP = 80
// Narrower than this (a phone), the steps go down the page one under the other, each followed by its departments: side
// by side their labels would overlap.
const NARROW = 640
const COLUMN_GAP = 58

/** Where each node sits: steps left to right with their departments below, or one column on a phone. */
function placeOf(steps: StepView[], narrow: boolean) {
  const place = new Map<string, { x: number; y: number }>()
  let row = 0
  steps.forEach((s, i) => {
    place.set(s.step, narrow ? { x: 0, y: row++ * COLUMN_GAP } : { x: i * STEP_GAP, y: 0 })
    s.departments.forEach((d, j) => {
      place.set(
        `${s.step}/${d.taskId}`,
        narrow ? { x: 0, y: row++ * COLUMN_GAP } : { x: i * STEP_GAP, y: (j + 1) * ROW_GAP },
      )
    })
  })
  return { place, rows: row }
}

/**
 * The flow as a picture: the steps left to right, under each the departments working on it in parallel, each with its
 * 办理状态 and what is left of its clock. The same facts are in the table beside it for a screen reader (this canvas
 * is an image with a label).
 */
export default function FlowChart({ steps }: { steps: StepView[] }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | undefined>(undefined)
  const [narrow, setNarrow] = useState(false)
  const rows = Math.max(1, ...steps.map((s) => s.departments.length))
  const columnRows = steps.reduce((n, s) => n + 1 + s.departments.length, 0)

  useEffect(() => {
    if (!box.current) return
    const c = echarts.init(box.current, undefined, { renderer: 'canvas' })
    chart.current = c
    const resize = new ResizeObserver(([entry]) => {
      setNarrow((entry?.contentRect.width ?? NARROW) < NARROW)
      c.resize()
    })
    resize.observe(box.current)
    return () => {
      resize.disconnect()
      c.dispose()
      chart.current = undefined
    }
  }, [])

  useEffect(() => {
    const { place } = placeOf(steps, narrow)
    const at = (id: string) => place.get(id) ?? { x: 0, y: 0 }
    const nodes = steps.flatMap((s) => [
      {
        id: s.step,
        name: `${s.name}\n${STEP_STATE_NAMES[s.state]}`,
        ...at(s.step),
        symbol: 'roundRect',
        symbolSize: [170, 48],
        itemStyle: { color: STEP_COLOURS[s.state], borderColor: s.current ? '#002c8c' : '#fff', borderWidth: 3 },
        label: { color: '#fff', fontWeight: 'bold' as const, width: 160, overflow: 'truncate' as const },
      },
      ...s.departments.map((d) => ({
        id: `${s.step}/${d.taskId}`,
        name: `${d.department}\n${ownerStatusLine(d)}`,
        ...at(`${s.step}/${d.taskId}`),
        symbol: 'roundRect',
        symbolSize: [200, 46],
        itemStyle: {
          color: '#fff',
          borderWidth: 2,
          borderColor: d.decided
            ? d.status === 'approved'
              ? LEVEL_COLOURS.green
              : '#595959'
            : LEVEL_COLOURS[d.level ?? 'green'],
        },
        label: { color: '#1f1f1f', width: 190, overflow: 'truncate' as const },
      })),
    ])
    const links = [
      ...steps.slice(1).map((s, i) => ({
        source: steps[i]?.step ?? '',
        target: s.step,
        symbol: ['none', 'arrow'],
        lineStyle: { width: 2, color: '#595959' },
      })),
      ...steps.flatMap((s) =>
        s.departments.map((d, j) => ({
          source: j === 0 ? s.step : `${s.step}/${s.departments[j - 1]?.taskId}`,
          target: `${s.step}/${d.taskId}`,
          lineStyle: { color: '#bfbfbf' },
        })),
      ),
    ]
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { formatter: (p: { name?: string }) => (p.name ?? '').replace('\n', '<br/>') },
        series: [
          {
            type: 'graph',
            layout: 'none',
            roam: false,
            label: { show: true, fontSize: 12, lineHeight: 16 },
            data: nodes,
            links,
          },
        ],
      },
      { notMerge: true },
    )
  }, [steps, narrow])

  const described = steps
    .map(
      (s) =>
        `${s.name}：${STEP_STATE_NAMES[s.state]}${s.departments.length ? `，${s.departments.length} 个部门并联办理` : ''}`,
    )
    .join('；')
  return (
    <div
      ref={box}
      role="img"
      aria-label={`办理流程图。${described}`}
      style={{ width: '100%', height: narrow ? 40 + columnRows * COLUMN_GAP : 90 + rows * ROW_GAP }}
    />
  )
}
