import { departmentName } from '../../departments'
import { type Status, unmetText } from '../owner/flow-model'

type Application = Status['applications'][number]

/** A follow-on of the item a task decides, as its acceptance said it: shared once approved, or withheld and why. */
export type AfterFollowOn = { item: string; opens: boolean; text: string }

/**
 * 后续事项 of the item this task decides (门牌 after the planning permit, 004:1814), for the reviewer deciding it: one
 * the acceptance pinned goes to its department once this item is approved — or, one for information (004:1806), is
 * pushed to it only to take note, nothing for it to handle; one it withheld does not, and the reviewer reads the
 * owner's statements that withheld it, so no one expects public security to be sent anything.
 */
export function followOnsAfter(application: Application | undefined, item: string): AfterFollowOn[] {
  return (application?.followOns ?? [])
    .filter((f) => f.after === item)
    .map((f) => {
      const name = f.itemName ?? f.item
      const department = f.departmentName ?? departmentName(f.department)
      if (f.opens && f.forInformation)
        return {
          item: f.item,
          opens: true,
          text: `${name}：本事项准予后，推送审批信息至${department}（供知悉，无需办理）`,
        }
      if (f.opens) return { item: f.item, opens: true, text: `${name}：本事项准予后，资料同时共享给${department}办理` }
      const why = (f.unmet ?? []).map((u) => unmetText(u, f)).join('；')
      return {
        item: f.item,
        opens: false,
        text: `${name}不随本事项共享给${department}，建设单位需另行申领：${why}`,
      }
    })
}
