import { useQuery } from '@tanstack/react-query'
import { Alert, Button, Card, Descriptions, Space, Table, Typography } from 'antd'
import { Link, useLocation, useParams } from 'react-router'
import { api, keys, must } from '../../api'
import { ProblemAlert } from '../../components/problem'
import { chineseDate, stepWithPhase } from '../../format'
import { Loading } from '../../layout'
import './print.css'
import { departmentName } from '../../departments'
import { ReceivedList, SealBlock, useOffice, useReceivedLines } from './paper'
import type { ReceivedLine } from './paper-lines'

/** What the desk carries from the 201 to the receipt, before the read model has the application. */
export type ReceiptState = {
  application: {
    applicationId: string
    receiptNumber: string
    stepName?: string
    /** 分阶段办理: the phase applied for; absent for the whole step. */
    phase?: { name: string; number: number; count: number }
    /** 按照单位工程办理: the unit work (单位工程) whose permit is applied for; absent for the whole project. */
    part?: string
    acceptedOn?: string
    receivedOn?: string
    nationalCode?: number
    outcome?: string
    deficiencies?: { material: string; name: string | null; promisedOn: string }[]
  }
  /** 收件清单: the step's checklist as the desk received it. */
  received?: ReceivedLine[]
}

/** 接件 decided within five working days of the receipt day, not counted (行政许可法第三十二条). */
const RECEIPT_LIMIT = { value: 5, unit: 'W' } as const

type Due = { due: string; limit: { value: number; unit: 'W' | 'N' } }
/** A due date with the limit it was counted with, as the clerk's preview shows it: 2026年3月30日（20 个工作日）. */
const dueWithLimit = (c: Due) =>
  `${chineseDate(c.due)}（${c.limit.value} 个${c.limit.unit === 'N' ? '自然日' : '工作日'}）`

/**
 * 接件回执 or 受理回执 — the written notice of 行政许可法第三十二条第二款, with the office, its seal and the day, and
 * the 收件清单. 接件回执: a received application not yet accepted, with the last day the office decides it by, as the
 * gateway counts it on the region's calendar (`POST /clock/preview`, the five working days intake's timer counts).
 * 受理回执: the accepted application with its number and due dates, each with the limit it was counted with — each
 * item's committed and statutory dates (its task's clocks, as the desk's preview showed them), and the step's own
 * clocks for all its items together. The tasks arrive as approval opens them; the live stream refreshes this page.
 */
export function Receipt() {
  const { projectId = '', applicationId = '' } = useParams()
  const carriedState = useLocation().state as ReceiptState | null
  const carried = carriedState?.application
  const status = useQuery({
    queryKey: keys.status(projectId),
    queryFn: () => must(api.GET('/api/v1/projects/{id}/status', { params: { path: { id: projectId } } })),
  })
  const known = status.data?.applications.find((a) => a.applicationId === applicationId)
  const receivedOn = known?.receipt?.receivedOn ?? carried?.receivedOn
  const region = status.data?.project.region
  // Code 1 until the office (or the law) decides: then the same page is the 受理回执.
  const receiptOnly = (known?.receipt?.nationalCode ?? carried?.nationalCode) === 1
  const phase = known?.phase ?? carried?.phase
  const stepText = stepWithPhase(known?.stepName ?? carried?.stepName ?? '—', phase, known?.part ?? carried?.part)
  const office = useOffice(region)
  // 容缺: owed at 接件 while the receipt is undecided, the application's deficiencies once accepted (the gateway empties
  // the one when the other comes, and keeps nothing owed for a receipt withdrawn or refused).
  const deficiencies = (known?.deficiencies ?? []).flatMap((d) =>
    d.promisedOn ? [{ code: d.material, promisedOn: d.promisedOn }] : [],
  )
  const atReceipt = known?.owedMaterials
  // The server's list once the read model has the application; until then what the desk carried here.
  const served = useReceivedLines({
    projectId,
    step: known?.step,
    applicationId,
    materials: known?.receivedMaterials,
    // Unknown (null) only while the server knows of neither: a receipt received before the gateway kept what it owed.
    owed: atReceipt == null && deficiencies.length === 0 ? null : [...(atReceipt ?? []), ...deficiencies],
  })
  const received = known?.receivedMaterials ? served : (carriedState?.received ?? served)
  const lastDay = useQuery({
    queryKey: keys.clockPreview(receivedOn ?? '', RECEIPT_LIMIT.value, RECEIPT_LIMIT.unit, region ?? ''),
    enabled: receiptOnly && receivedOn !== undefined && region !== undefined,
    queryFn: () =>
      must(
        api.POST('/api/v1/clock/preview', {
          body: { start: receivedOn ?? '', limit: RECEIPT_LIMIT, region: region ?? '' },
        }),
      ),
    staleTime: Number.POSITIVE_INFINITY,
  })
  if (status.error) return <ProblemAlert error={status.error} />
  if (!status.data) return <Loading />
  const { project } = status.data
  const title = receiptOnly ? '接件回执' : '受理回执'
  const tasks = status.data.tasks.filter((t) => t.applicationId === applicationId)
  const number = known?.receiptNumber ?? carried?.receiptNumber
  const acceptedOn = known?.acceptedOn ?? carried?.acceptedOn
  // A material owed at 接件 is named from the 收件清单's checklist: the receipt's event names it by code only.
  const nameOf = (code: string) => received?.find((l) => l.code === code)?.name ?? null
  const owed = known
    ? [
        ...(known.owedMaterials ?? []).map((m) => ({
          material: m.code,
          name: nameOf(m.code),
          promisedOn: m.promisedOn,
        })),
        ...known.deficiencies.map((d) => ({ material: d.material, name: d.name, promisedOn: d.promisedOn })),
      ]
    : (carried?.deficiencies ?? [])
  const clocks = known?.clocks
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 900 }}>
      <Card className="desk-printable" aria-label={title}>
        <Typography.Title level={1} style={{ textAlign: 'center', marginTop: 0 }}>
          {title}
        </Typography.Title>
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'number', label: receiptOnly ? '接件编号' : '受理编号', children: number ?? '—' },
            { key: 'project', label: '项目名称', children: `${project.name}（${project.projectCode}）` },
            { key: 'owner', label: '建设单位', children: `${project.owner.name}（${project.owner.creditCode}）` },
            { key: 'step', label: '申请环节', children: stepText },
            ...(receiptOnly
              ? [
                  { key: 'received', label: '接件日期', children: chineseDate(receivedOn) },
                  {
                    key: 'last',
                    label: '受理决定期限',
                    children: lastDay.data ? `${chineseDate(lastDay.data.due)}前（接件日后 5 个工作日）` : '计算中…',
                  },
                ]
              : [{ key: 'accepted', label: '受理日期', children: chineseDate(acceptedOn) }]),
            // The step's own clocks, for all its items together: the statutory one is the joint limit of a parallel
            // step (行政许可法第四十二条第二款 with 第二十六条, 45 个工作日), not any one item's 20 — each item's is below.
            ...(clocks?.committed
              ? [
                  {
                    key: 'committed',
                    label: '本环节承诺办结日期（全部事项）',
                    children: dueWithLimit(clocks.committed),
                  },
                ]
              : []),
            ...(clocks?.statutory
              ? [
                  {
                    key: 'statutory',
                    label: '本环节法定办结日期（全部事项并联办理）',
                    children: dueWithLimit(clocks.statutory),
                  },
                ]
              : []),
          ]}
        />
        <ProblemAlert error={lastDay.error} />
        {receiptOnly && (
          <Typography.Paragraph>
            {`本机关已收到您单位的申请材料，将于${lastDay.data ? chineseDate(lastDay.data.due) : '接件日后第五个工作日'}` +
              '前作出是否受理的决定；需要补正材料的，在此期限内一次性告知。逾期未作决定也未告知的，' +
              '自收到申请材料之日起即为受理（《中华人民共和国行政许可法》第三十二条）。'}
          </Typography.Paragraph>
        )}
        <ReceivedList lines={received} />
        {!receiptOnly && (
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            各事项办结期限
          </Typography.Title>
        )}
        {receiptOnly ? null : tasks.length === 0 ? (
          <Alert type="info" showIcon title="各部门办理期限正在生成，生成后本页自动更新。" />
        ) : (
          <Table
            rowKey="taskId"
            size="small"
            pagination={false}
            dataSource={tasks}
            columns={[
              { title: '事项', key: 'item', render: (_, t) => t.itemName ?? t.item },
              {
                title: '办理部门',
                key: 'department',
                render: (_, t) => t.departmentName ?? departmentName(t.department),
              },
              {
                title: '承诺办结日期',
                key: 'committed',
                render: (_, t) => (t.clocks.committed ? dueWithLimit(t.clocks.committed) : '—'),
              },
              {
                title: '法定办结日期',
                key: 'statutory',
                render: (_, t) => (t.clocks.statutory ? dueWithLimit(t.clocks.statutory) : '—'),
              },
            ]}
          />
        )}
        {owed.length > 0 && (
          <>
            <Typography.Title level={2} style={{ fontSize: 18 }}>
              容缺材料（须在承诺日期前补交）
            </Typography.Title>
            <ul>
              {owed.map((d) => (
                <li key={d.material}>
                  {d.name ?? d.material}：{chineseDate(d.promisedOn)}前补交
                </li>
              ))}
            </ul>
          </>
        )}
        <Typography.Paragraph type="secondary">
          {receiptOnly
            ? '期限自接件日次日起算（接件当日不计）；工作日不含休息日和法定节假日。'
            : '各期限自受理日次日起算（受理当日不计）；工作日不含休息日和法定节假日；补正、特别程序期间暂停计时。'}
        </Typography.Paragraph>
        <SealBlock office={office} day={receiptOnly ? receivedOn : acceptedOn} />
      </Card>
      <Space className="desk-no-print">
        <Button type="primary" onClick={() => window.print()}>
          打印
        </Button>
        <Link to="/desk">登记新项目</Link>
        <Link to="/desk/receipts">已接件、待受理</Link>
        <Link to={`/desk/projects/${projectId}`}>继续申请其他环节</Link>
      </Space>
    </Space>
  )
}
