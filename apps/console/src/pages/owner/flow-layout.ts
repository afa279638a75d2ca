import { ownerStatusLine, type StepView, stepStateText } from './flow-model'

// Where the flow chart's nodes sit (flow-chart.tsx) and what each says, in lines that fit its node with every
// character kept: a step's name (人防、规划、施工许可、节能审查、供水供电报装一并申请) is what the chart is for, and a
// node grows a line rather than cut one. Imported by the chart alone, so it comes with the chart's lazy chunk.

// A Chinese character, full-width punctuation or a full-width form: as wide as the font is high.
const WIDE = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f]/u
// Latin letters and digits are narrower; a bold digit is at most 0.62 of the font size in the fonts a browser falls
// back to, so a line counted this way is never wider than counted.
const NARROW_EM = 0.62
// Where a line may end: after a separator or before an opening bracket, else after a space (so 15 stays with 个工作日
// where it can); never before closing punctuation.
const SEPARATOR = /[、，。；：！？）》」』·/-]/u
const OPENING = /[（《「『(]/u
const SPACE = /\s/u
const NO_LINE_START = /[、，。；：！？）》」』]/u

/** How wide `text` is, in ems of the chart's font. */
export const ems = (text: string): number => [...text].reduce((w, ch) => w + (WIDE.test(ch) ? 1 : NARROW_EM), 0)

/** The pieces a line is made of: a Latin word or number whole (it is not split unless longer than a line), else a character. */
const piecesOf = (text: string): string[] => text.match(/[A-Za-z0-9.%]+|[\s\S]/gu) ?? []

/**
 * `text` in lines at most `width` ems wide, nothing left out: each line as full as it can be, ending after the last
 * separator (、，·…), else space, that keeps it at least half full, else where it is full, never leaving closing
 * punctuation to start the next. Spaces at a line's ends are dropped; a piece wider than a line is cut.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line: string[] = []
  const widthOf = (pieces: string[]) => ems(pieces.join(''))
  const flush = (pieces: string[]) => {
    const said = pieces.join('').trim()
    if (said) lines.push(said)
  }
  for (const piece of piecesOf(text).flatMap((p) => (ems(p) > width ? [...p] : [p]))) {
    while (line.length > 0 && widthOf([...line, piece]) > width && !/^\s$/u.test(piece)) {
      const half = (i: number) => i > 0 && widthOf(line.slice(0, i + 1)) >= width / 2
      const next = (i: number) => line[i + 1] ?? piece
      const separated = line.findLastIndex((p, i) => half(i) && (SEPARATOR.test(p) || OPENING.test(next(i))))
      const spaced = line.findLastIndex((p, i) => half(i) && SPACE.test(p))
      const after = separated > 0 ? separated : spaced > 0 ? spaced : undefined
      let cut = after === undefined ? line.length : after + 1
      // Closing punctuation stays with the character before it: that character goes down with it.
      if (cut === line.length && NO_LINE_START.test(piece) && line.length > 1) cut = line.length - 1
      flush(line.slice(0, cut))
      line = line.slice(cut)
    }
    line.push(piece)
  }
  flush(line)
  return lines
}

/** Several texts each wrapped to `width`, as the chart's label draws them: one line under another. */
export const wrapAll = (texts: readonly string[], width: number): string[] => texts.flatMap((t) => wrap(t, width))

/** The chart's font size and line height, px. */
export const FONT = 12
export const LINE = 16
// Inside a node, each side; around the chart; between nodes side by side (the arrow) and one under another.
const PAD_X = 12
const PAD_Y = 10
const EDGE = 4
const GAP_X = 32
const GAP_Y = 24
// Side by side, a node between these widths; narrower (a phone), the steps go down the page one under another, each
// followed by its departments, at most COLUMN wide.
const NODE_MIN = 120
const NODE_MAX = 220
const COLUMN = 320

/** A node: its centre and size in px of the chart, and its label's lines. */
export type Box = { x: number; y: number; w: number; h: number; lines: string[] }
export type Layout = { boxes: Map<string, Box>; height: number; column: boolean }

/** A department's node's id: its step's and its task's. */
export const departmentNode = (step: string, taskId: string) => `${step}/${taskId}`

const heightOf = (lines: number) => lines * LINE + 2 * PAD_Y
const labelOf = (texts: readonly string[], w: number) => wrapAll(texts, (w - 2 * PAD_X) / FONT)
const stepTexts = (s: StepView) => [s.name, stepStateText(s)]
const departmentTexts = (d: StepView['departments'][number]) => [d.department, ownerStatusLine(d)]

/**
 * The flow in a chart `width` px wide: the steps left to right, the departments working on each below it, every node
 * of a row as tall as the row's longest label; or, when the steps do not fit side by side, one column.
 */
export function flowLayout(steps: readonly StepView[], width: number): Layout {
  const boxes = new Map<string, Box>()
  const n = Math.max(1, steps.length)
  const w = Math.min(NODE_MAX, (width - 2 * EDGE - (n - 1) * GAP_X) / n)
  if (w >= NODE_MIN) {
    const pitch = n > 1 ? (width - 2 * EDGE - w) / (n - 1) : 0
    const stepLines = steps.map((s) => labelOf(stepTexts(s), w))
    const departmentLines = steps.map((s) => s.departments.map((d) => labelOf(departmentTexts(d), w)))
    const stepH = heightOf(Math.max(1, ...stepLines.map((l) => l.length)))
    const departmentH = heightOf(Math.max(1, ...departmentLines.flat().map((l) => l.length)))
    const rows = Math.max(0, ...steps.map((s) => s.departments.length))
    steps.forEach((s, i) => {
      const x = n > 1 ? EDGE + w / 2 + i * pitch : width / 2
      boxes.set(s.step, { x, y: EDGE + stepH / 2, w, h: stepH, lines: stepLines[i] ?? [] })
      s.departments.forEach((d, j) => {
        const y = EDGE + stepH + GAP_Y + j * (departmentH + GAP_Y) + departmentH / 2
        boxes.set(departmentNode(s.step, d.taskId), { x, y, w, h: departmentH, lines: departmentLines[i]?.[j] ?? [] })
      })
    })
    return { boxes, height: 2 * EDGE + stepH + rows * (GAP_Y + departmentH), column: false }
  }
  const columnW = Math.min(COLUMN, width - 2 * EDGE)
  let y = EDGE
  const place = (id: string, texts: readonly string[]) => {
    const lines = labelOf(texts, columnW)
    const h = heightOf(lines.length)
    boxes.set(id, { x: width / 2, y: y + h / 2, w: columnW, h, lines })
    y += h + GAP_Y
  }
  for (const s of steps) {
    place(s.step, stepTexts(s))
    for (const d of s.departments) place(departmentNode(s.step, d.taskId), departmentTexts(d))
  }
  return { boxes, height: Math.max(y - GAP_Y, EDGE) + EDGE, column: true }
}
