import { unbroken } from '../../components/unbroken'
import { chineseDate } from '../../format'

type PreSurvey = { commissionId: string; part?: string; surveyor?: string; surveyedAt?: string; floorAreaM2?: number }

/**
 * 多测合一 on a registration case: the pre-survey (权籍调查) that used the completion survey's results instead of
 * surveying again (004:2309), naming the surveying unit that made it, the day its results were complete and the floor
 * area its 房产测量 gave, and the building it measured when it measured one. A survey from before the unit was kept is
 * named by what it is, never by its commission's id.
 */
export function PreSurveyBy({ by }: { by: PreSurvey }) {
  const area = by.floorAreaM2 !== undefined ? `房产测量面积 ${by.floorAreaM2} 平方米` : undefined
  return (
    <span data-shared="pre-survey-by">
      沿用{by.surveyor ? `${by.surveyor}的` : ''}多测合一竣工测绘成果{by.part ? `（${by.part}）` : ''}
      {by.surveyedAt ? (
        <>
          （<span style={unbroken}>{chineseDate(by.surveyedAt)}</span>测绘完成{area ? `，${area}` : ''}）
        </>
      ) : (
        area && `（${area}）`
      )}
      ，未另行调查
    </span>
  )
}
