import { Typography } from 'antd'
import { requirementText } from './names'

type Item = {
  defects?: readonly string[]
  defectRequirements?: ReadonlyArray<{ defect: number; requires: string; plotCode?: string }>
}
type Entry = { kind: string; text: string; materials?: readonly string[] }

/**
 * 联合验收 — an item's defects to put right, each with the requirement it rests on when it names one (用地清单: the list
 * item and the material, 004:2263). The lead's case page and the project's page show them alike.
 */
export function Defects({ item, entries }: { item: Item; entries?: readonly Entry[] | undefined }) {
  if (!item.defects?.length) return <>—</>
  return (
    <ol style={{ margin: 0, paddingInlineStart: 20 }}>
      {item.defects.map((d, n) => {
        const r = item.defectRequirements?.find((x) => x.defect === n)
        return (
          // A defect's place in its opinion is its identity: `defectRequirements` refers to it by that index.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={n}>
            {d}
            {r && (
              <div data-requirement={r.requires}>
                <Typography.Text type="secondary">{requirementText(r, entries)}</Typography.Text>
              </div>
            )}
          </li>
        )
      })}
    </ol>
  )
}
