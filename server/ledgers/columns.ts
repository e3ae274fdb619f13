import { zhCN } from '../../web/i18n/zh-CN.ts'
import type { Table } from '../http/table-files.ts'
import type { EnterpriseLedgerRow, HazardLedgerRow } from './queries.ts'

/**
 * The ledgers' export columns with their Chinese headers and values: the web's own zh-CN words
 * (web/i18n/zh-CN.ts, plain data), as server/fireworks/exports/labels-zh.ts takes them, so a file
 * says what the screen says.
 */
const words = zhCN.ledgers.column
const yesNo = (value: boolean) => (value ? zhCN.common.yes : zhCN.common.no)
const place = (name: string | null, code: string | null) => name ?? code ?? ''

type Column<Row> = [header: string, value: (row: Row) => string | number | null]

const enterpriseColumns: Column<EnterpriseLedgerRow>[] = [
  [words.name, (r) => r.name],
  [words.uscc, (r) => r.uscc],
  [words.town, (r) => place(r.town_name, r.town_code)],
  [words.grid, (r) => place(r.grid_name, r.grid_code)],
  [words.sector, (r) => zhCN.sector[r.sector as keyof typeof zhCN.sector] ?? r.sector],
  [words.risk_level, (r) => zhCN.risk[r.risk_level]],
  [words.status, (r) => zhCN.enterpriseStatus[r.status as keyof typeof zhCN.enterpriseStatus] ?? r.status],
  [words.address, (r) => r.address],
  [words.employees, (r) => r.employees],
  [words.safety_manager, (r) => r.safety_manager],
  [words.safety_phone, (r) => r.safety_phone],
  [words.last_visit_on, (r) => r.last_visit_on],
  [words.due_in_days, (r) => r.due_in_days],
  [words.visit_state, (r) => zhCN.ledgers.visitState[r.visit_state]],
  [words.open_hazards, (r) => r.open_hazards],
]

const hazardColumns: Column<HazardLedgerRow>[] = [
  [words.id, (r) => r.id],
  [words.enterprise_name, (r) => r.enterprise_name],
  [words.uscc, (r) => r.uscc],
  [words.town, (r) => place(r.town_name, r.town_code)],
  [words.grid, (r) => place(r.grid_name, r.grid_code)],
  [words.level, (r) => zhCN.hazardLevel[r.level as keyof typeof zhCN.hazardLevel] ?? r.level],
  [words.status, (r) => zhCN.hazardStatus[r.status]],
  [words.category, (r) => r.category],
  [words.description, (r) => r.description],
  [words.found_on, (r) => r.found_on],
  [words.deadline, (r) => r.deadline],
  [words.closed_on, (r) => r.closed_on],
  [words.overdue, (r) => yesNo(r.overdue)],
  [words.days_overdue, (r) => r.days_overdue],
]

const tableOf = <Row>(columns: Column<Row>[], rows: Row[]): Table => ({
  headers: columns.map(([header]) => header),
  rows: rows.map((row) => columns.map(([, value]) => value(row) ?? null)),
})

export const enterpriseTable = (rows: EnterpriseLedgerRow[]) => tableOf(enterpriseColumns, rows)
export const hazardTable = (rows: HazardLedgerRow[]) => tableOf(hazardColumns, rows)
