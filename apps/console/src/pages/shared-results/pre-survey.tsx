import { Typography } from 'antd'

/**
 * 多测合一 on a registration case: the pre-survey (权籍调查) that used the completion survey's results instead of
 * surveying again (004:2309), naming the commission and the floor area its 房产测量 gave.
 */
export function PreSurveyBy({ by }: { by: { commissionId: string; floorAreaM2?: number } }) {
  return (
    <span data-shared="pre-survey-by">
      沿用多测合一竣工测绘成果，未另行调查（测绘委托{' '}
      <Typography.Text code>{by.commissionId.slice(-12)}</Typography.Text>
      {by.floorAreaM2 !== undefined ? `，房产测量面积 ${by.floorAreaM2} 平方米` : ''}）
    </span>
  )
}
