/**
 * Each service by the names an operator knows it by, in one place: `name` where a service is meant (a dead letter's
 * service), `chain` where its audit chain is (a chain position: 受理服务 #1).
 */
export const SERVICES = {
  gateway: { name: '网关（读模型）', chain: '网关服务' },
  intake: { name: '一窗受理', chain: '受理服务' },
  approval: { name: '并联审批', chain: '审批服务' },
  acceptance: { name: '联合验收', chain: '联合验收服务' },
  utility: { name: '市政公用报装', chain: '市政公用报装服务' },
  registration: { name: '不动产登记', chain: '不动产登记服务' },
  hotline: { name: '12345热线', chain: '12345热线服务' },
  notification: { name: '消息通知', chain: '消息通知服务' },
} as const

const known = (service: string): service is keyof typeof SERVICES => Object.hasOwn(SERVICES, service)

/** A service's name, or its code when the console does not know it. */
export const serviceName = (service: string): string => (known(service) ? SERVICES[service].name : service)

/** A service's audit chain by name, or its code when the console does not know it. */
export const chainName = (service: string): string => (known(service) ? SERVICES[service].chain : service)
