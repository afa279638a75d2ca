import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Requests() {
  return <Typography.Title level={1}>报装申请</Typography.Title>
}
