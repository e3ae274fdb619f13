import type { EnterpriseLedgerPage, HazardLedgerPage, LedgerName } from '../../api/ledgers.ts'
import type { Messages } from '../../i18n/messages.ts'

export type EnterpriseRow = EnterpriseLedgerPage['rows'][number]
export type HazardRow = HazardLedgerPage['rows'][number]
export type LedgerRow = EnterpriseRow | HazardRow

/**
 * A column of a ledger table: its header (ledgers.column.<key>), the server's sort key when it
 * sorts (the server's whitelist, server/ledgers/schemas.ts), and how a cell reads: a vocabulary
 * prefix for translated values, or the value as it is.
 */
/** A column's header is ledgers.column.<key>. */
export type ColumnKey = keyof Messages['ledgers']['column']

export type LedgerColumn = {
  key: ColumnKey
  sort?: string
  vocabulary?: string
  /** Shown only on a wide screen. */
  wide?: boolean
  /** Numbers right-aligned. */
  numeric?: boolean
}

export const ledgerColumns: Record<LedgerName, LedgerColumn[]> = {
  enterprises: [
    { key: 'name', sort: 'name' },
    { key: 'uscc', sort: 'uscc', wide: true },
    { key: 'town', sort: 'town' },
    { key: 'grid', sort: 'grid', wide: true },
    { key: 'sector', sort: 'sector', vocabulary: 'sector' },
    { key: 'risk_level', sort: 'risk_level', vocabulary: 'risk' },
    { key: 'status', sort: 'status', vocabulary: 'enterpriseStatus', wide: true },
    { key: 'employees', sort: 'employees', numeric: true, wide: true },
    { key: 'last_visit_on', sort: 'last_visit_on', wide: true },
    { key: 'visit_state', sort: 'due_in_days', vocabulary: 'ledgers.visitState' },
    { key: 'open_hazards', sort: 'open_hazards', numeric: true },
  ],
  hazards: [
    { key: 'id', sort: 'id', numeric: true, wide: true },
    { key: 'enterprise_name', sort: 'enterprise_name' },
    { key: 'description' },
    { key: 'town', sort: 'town', wide: true },
    { key: 'level', sort: 'level', vocabulary: 'hazardLevel' },
    { key: 'status', sort: 'status', vocabulary: 'hazardStatus' },
    { key: 'found_on', sort: 'found_on', wide: true },
    { key: 'deadline', sort: 'deadline' },
    { key: 'days_overdue', sort: 'days_overdue', numeric: true },
  ],
}

/** The cell's raw value: `town` and `grid` read as their names (or codes). */
export function cellValue(row: LedgerRow, key: string): string | number | boolean | null {
  const record = row as unknown as Record<string, string | number | boolean | null>
  if (key === 'town') return record.town_name ?? record.town_code ?? null
  if (key === 'grid') return record.grid_name ?? record.grid_code ?? null
  return record[key] ?? null
}

/** The enterprise a row belongs to (the record a row opens). */
export const enterpriseOf = (row: LedgerRow) => ('enterprise_id' in row ? row.enterprise_id : row.id)
