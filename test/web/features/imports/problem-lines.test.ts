import { expect, test } from 'vitest'
import type { ImportRow } from '../../../../web/api/imports.ts'
import { problemLines } from '../../../../web/features/imports/problem-lines.ts'

const rows: Pick<ImportRow, 'row_no' | 'problems'>[] = [
  {
    row_no: 2,
    problems: [
      { field: 'uscc', column: '统一社会信用代码', severity: 'warning', code: 'uscc_check', message: '校验位不符' },
      { field: 'lon', column: '经度', severity: 'error', code: 'outside_county', message: '坐标在射阳县外' },
    ],
  },
  { row_no: 5, problems: [{ field: null, column: null, severity: 'error', code: 'ragged', message: '列数不符' }] },
]
const label = (field: string) => ({ uscc: '统一社会信用代码', lon: '经度' })[field] ?? field

test('one line per problem, errors first within a row, fields by their labels, dashes for none', () => {
  expect(
    problemLines(rows, 'problems', label).map((line) => [line.rowNo, line.field, line.column, line.severity]),
  ).toEqual([
    [2, '经度', '经度', 'error'],
    [2, '统一社会信用代码', '统一社会信用代码', 'warning'],
    [5, '—', '—', 'error'],
  ])
})

test('errors and warnings filter the lines; keys stay unique', () => {
  expect(problemLines(rows, 'errors', label).map((line) => line.message)).toEqual(['坐标在射阳县外', '列数不符'])
  expect(problemLines(rows, 'warnings', label).map((line) => line.message)).toEqual(['校验位不符'])
  expect(
    problemLines([{ row_no: 3, problems: [{ ...rows[0]!.problems[1]!, column: null }] }], 'problems', label, (field) =>
      field === 'lon' ? 'X坐标' : undefined,
    )[0]!.column,
  ).toBe('X坐标')
  const keys = problemLines(rows, 'problems', label).map((line) => line.key)
  expect(new Set(keys).size).toBe(keys.length)
})
