import { GraphChart } from 'echarts/charts'
import { TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useMemo, useRef, useState } from 'react'
import { type Box, departmentNode, FONT, flowLayout, LINE } from './flow-layout'
import { ownerStatusLine, type StepView, stepStateText } from './flow-model'

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

/**
 * The flow as a picture: the steps left to right, under each the departments working on it in parallel, each with its
 * 办理状态 and what is left of its clock — every name whole, a node taller by a line where it needs one
 * (flow-layout.ts); one column on a phone. The same facts are in the table beside it for a screen reader (this canvas
 * is an image with a label).
 */
export default function FlowChart({ steps }: { steps: StepView[] }) {
  const box = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | undefined>(undefined)
  const [width, setWidth] = useState(0)
  const layout = useMemo(() => (width > 0 ? flowLayout(steps, width) : undefined), [steps, width])

  useEffect(() => {
    if (!box.current) return
    const c = echarts.init(box.current, undefined, { renderer: 'canvas' })
    chart.current = c
    const resize = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)))
    resize.observe(box.current)
    return () => {
      resize.disconnect()
      c.dispose()
      chart.current = undefined
    }
  }, [])

  useEffect(() => {
    const c = chart.current
    if (!c || !layout) return
    const at = (id: string): Box => layout.boxes.get(id) ?? { x: 0, y: 0, w: 0, h: 0, lines: [] }
    const node = (id: string, name: string) => {
      const b = at(id)
      return { id, name, x: b.x, y: b.y, symbolSize: [b.w, b.h], label: { formatter: () => b.lines.join('\n') } }
    }
    const nodes = steps.flatMap((s) => {
      const step = node(s.step, `${s.name}\n${stepStateText(s)}`)
      return [
        {
          ...step,
          symbol: 'roundRect',
          itemStyle: { color: STEP_COLOURS[s.state], borderColor: s.current ? '#002c8c' : '#fff', borderWidth: 3 },
          label: { ...step.label, color: '#fff', fontWeight: 'bold' as const },
        },
        ...s.departments.map((d) => {
          const department = node(
            departmentNode(s.step, d.taskId),
            `${d.department}${d.part ? `（${d.part}）` : ''}\n${ownerStatusLine(d)}`,
          )
          return {
            ...department,
            symbol: 'roundRect',
            itemStyle: {
              color: '#fff',
              borderWidth: 2,
              borderColor: d.decided
                ? d.status === 'approved'
                  ? LEVEL_COLOURS.green
                  : '#595959'
                : LEVEL_COLOURS[d.level ?? 'green'],
            },
            label: { ...department.label, color: '#1f1f1f' },
          }
        }),
      ]
    })
    const links = [
      ...steps.slice(1).map((s, i) => ({
        source: steps[i]?.step ?? '',
        target: s.step,
        symbol: ['none', 'arrow'],
        lineStyle: { width: 2, color: '#595959' },
      })),
      ...steps.flatMap((s) =>
        s.departments.map((d, j) => ({
          source: j === 0 ? s.step : departmentNode(s.step, s.departments[j - 1]?.taskId ?? ''),
          target: departmentNode(s.step, d.taskId),
          lineStyle: { color: '#bfbfbf' },
        })),
      ),
    ]
    // The series' box is the box of the nodes' centres, so the chart draws them where the layout put them, in px
    // (ECharts fits the centres' box into the series' box; a box of no width or height it widens by 1 each way).
    const xs = [...layout.boxes.values()].map((b) => b.x)
    const ys = [...layout.boxes.values()].map((b) => b.y)
    const span = (values: number[]) => {
      const min = Math.min(...values)
      const max = Math.max(...values)
      return max > min ? { start: min, size: max - min } : { start: min - 1, size: 2 }
    }
    const across = span(xs)
    const down = span(ys)
    c.resize()
    c.setOption(
      {
        animation: false,
        tooltip: { formatter: (p: { name?: string }) => (p.name ?? '').replaceAll('\n', '<br/>') },
        series: [
          {
            type: 'graph',
            layout: 'none',
            roam: false,
            left: across.start,
            top: down.start,
            width: across.size,
            height: down.size,
            label: { show: true, fontSize: FONT, lineHeight: LINE },
            data: nodes,
            links,
          },
        ],
      },
      { notMerge: true },
    )
  }, [steps, layout])

  const described = steps
    .map(
      (s) => `${s.name}：${stepStateText(s)}${s.departments.length ? `，${s.departments.length} 个部门并联办理` : ''}`,
    )
    .join('；')
  return (
    <div
      ref={box}
      role="img"
      aria-label={`办理流程图。${described}`}
      style={{ width: '100%', height: layout?.height ?? 120 }}
    />
  )
}
