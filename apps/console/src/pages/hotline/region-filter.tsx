import { Select } from 'antd'
import { REGION_OPTIONS } from './names'

/**
 * 诉求所涉地区 as a filter (the agent's ticket list, the supervisor's ticket figures): one of the regions the catalogues
 * cover, or none for every region. A region lists its cities' and districts' tickets too (the gateway's `region`).
 */
export function RegionFilter({
  id,
  value,
  onChange,
}: {
  id: string
  value: string | undefined
  onChange: (region: string | undefined) => void
}) {
  return (
    <>
      <label htmlFor={id}>诉求所涉地区</label>
      <Select
        id={id}
        style={{ width: 240 }}
        allowClear
        placeholder="全部地区"
        value={value}
        onChange={(code?: string) => onChange(code)}
        options={REGION_OPTIONS}
      />
    </>
  )
}
