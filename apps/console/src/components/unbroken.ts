import type { TableColumnsType } from 'antd'

/**
 * Read as one piece: a date (2026年3月2日), a code (项目代码, 证照编号), a short heading (报装类别, 不动产权证书) is never
 * broken mid-word when its column is narrow; the text beside it wraps instead.
 */
export const unbroken = { whiteSpace: 'nowrap' } as const

/** The columns with their headings unbroken. */
export function unbrokenHeadings<T>(columns: TableColumnsType<T>): TableColumnsType<T> {
  return columns.map((column) => ({ ...column, onHeaderCell: () => ({ style: unbroken }) }))
}
