import type { ImportRow } from '../../api/imports.ts'

/** The problem table's choices: every problem, errors only, warnings only. */
export type ProblemFilter = 'problems' | 'errors' | 'warnings'

export type ProblemLine = {
  key: string
  rowNo: number
  field: string
  column: string
  severity: 'error' | 'warning'
  message: string
}

/**
 * One line per problem of the rows (a row may have several), errors first within a row. The
 * server filters rows with problems or errors; warnings are picked from the rows with problems
 * here, as the API has no warnings-only filter.
 */
export function problemLines(
  rows: Pick<ImportRow, 'row_no' | 'problems'>[],
  filter: ProblemFilter,
  fieldLabel: (field: string) => string,
  /** The file's column mapped to a field: a problem that names only its field still says the column. */
  columnOf: (field: string) => string | undefined = () => undefined,
): ProblemLine[] {
  const wanted = (severity: 'error' | 'warning') =>
    filter === 'problems' || (filter === 'errors' ? severity === 'error' : severity === 'warning')
  return rows.flatMap((row) =>
    [...row.problems]
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
      .filter((problem) => wanted(problem.severity))
      .map((problem, index) => ({
        key: `${row.row_no}-${index}-${problem.code}`,
        rowNo: row.row_no,
        field: problem.field ? fieldLabel(problem.field) : '—',
        column: problem.column ?? (problem.field ? columnOf(problem.field) : undefined) ?? '—',
        severity: problem.severity,
        message: problem.message,
      })),
  )
}
