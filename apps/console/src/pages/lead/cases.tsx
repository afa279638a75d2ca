import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Cases() {
  return <Typography.Title level={1}>联合验收</Typography.Title>
}
