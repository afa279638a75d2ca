import type { paths } from '../../generated/api'

/** A delivery as the gateway answers it (`GET /api/v1/deliveries`, `GET /api/v1/projects/:id/deliveries`). */
export type Delivery =
  paths['/api/v1/deliveries']['get']['responses'][200]['content']['application/json']['deliveries'][number]

/** 结果送达 (004:1076–1084): the three ways a result reaches the applicant. */
export const MODE_NAMES: Record<Delivery['mode'], string> = {
  'on-site': '现场送达',
  post: '寄递送达',
  online: '网上送达',
}

export const STATE_NAMES: Record<Delivery['state'], string> = {
  'delivered-online': '已网上送达',
  'awaiting-collection': '待领取',
  collected: '已领取',
  'awaiting-posting': '待寄出',
  posted: '已寄出',
  signed: '已签收',
}

/** The way as the applicant sees it: an application that chose none is delivered online, and says so. */
export const modeText = (d: Pick<Delivery, 'mode' | 'chosen'>) =>
  d.chosen ? MODE_NAMES[d.mode] : `${MODE_NAMES[d.mode]}（未选择送达方式，默认推送电子证照）`
