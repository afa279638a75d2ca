/** Each service by the name an operator knows it by: a dead letter's service, an audit chain. */
export const SERVICE_NAMES = {
  gateway: '网关（读模型）',
  intake: '一窗受理',
  approval: '并联审批',
  acceptance: '联合验收',
  utility: '市政公用报装',
  registration: '不动产登记',
  hotline: '12345热线',
  notification: '消息通知',
} as const

export const serviceName = (service: string) =>
  Object.hasOwn(SERVICE_NAMES, service) ? SERVICE_NAMES[service as keyof typeof SERVICE_NAMES] : service

/** Each service's audit chain, as a chain position names it (受理服务 #1). */
export const SERVICE_CHAINS = {
  gateway: '网关服务',
  intake: '受理服务',
  approval: '审批服务',
  acceptance: '联合验收服务',
  utility: '市政公用报装服务',
  registration: '不动产登记服务',
  hotline: '12345热线服务',
  notification: '消息通知服务',
} as const
