import { useQuery } from '@tanstack/react-query'
import { Typography } from 'antd'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { UnreadableNotice } from '../../components/unreadable-notice'
import { ProjectPermits } from './certificate-objections'

/**
 * 本项目电子证照 of the project a registration case or a joint acceptance case is on: the permits the registration
 * office relies on instead of paper (004:1128: the construction permit, the planning permits …) and the acceptance's
 * lead department uses in the acceptance it leads, each open to 证照异议 (004:1134) with the objections the caller's
 * party raised and the issuers' answers. The gateway lists them to a registrar with a case on the project and to a
 * lead whose department has a task on it or leads its joint acceptance.
 */
export function CasePermits({ projectId }: { projectId: string }) {
  const list = useQuery({
    queryKey: [...keys.project(projectId), 'certificates'],
    queryFn: () => must(api.GET('/api/v1/projects/{id}/certificates', { params: { path: { id: projectId } } })),
  })
  if (list.isPending) return <Typography.Text type="secondary">正在加载…</Typography.Text>
  if (list.error) return <ProblemAlert error={list.error} />
  const { certificates, unreadable, ownItems } = list.data
  // A certificate stored in a shape this gateway cannot read is listed apart: "none" only when none is.
  const notice = <UnreadableNotice count={unreadable.length} what="证照" />
  if (!certificates.some((c) => c.kind === 'permit'))
    return unreadable.length > 0 ? notice : <Typography.Text>本项目暂无许可证照</Typography.Text>
  return (
    <>
      {/* A lead's own department's permits (the items of its tasks, as the gateway names them) are its own to correct,
          not to dispute (registration refuses: REGISTRATION_OBJECTION_OWN_CERTIFICATE); the registration office issues
          none. */}
      <ProjectPermits certificates={certificates} ownItems={new Set(ownItems)} />
      {notice}
    </>
  )
}
