import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Cases() {
  return <Typography.Title level={1}>不动产登记</Typography.Title>
}
