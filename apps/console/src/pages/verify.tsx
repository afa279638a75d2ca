import { Typography } from 'antd'

// Placeholder until this screen is built (issue 14).
export default function Verify() {
  return <Typography.Title level={1}>证书核验</Typography.Title>
}
