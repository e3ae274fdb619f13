import { describe, expect, test } from 'vitest'
import { importLimits } from '../../../../lib/limits.ts'
import type { ImportJob, ImportLayer } from '../../../../web/api/imports.ts'
import {
  commitBlocker,
  fileRefusal,
  isFinal,
  progressPercent,
  remap,
  resultLink,
  shownTime,
  stepOf,
  templateCsv,
  unmappedRequired,
} from '../../../../web/features/imports/import-logic.ts'

const enterprises: ImportLayer = {
  layer: 'enterprises',
  label: '企业',
  geometry: 'point',
  match_by: 'uscc',
  match_note: '按统一社会信用代码匹配已有企业',
  fields: [
    { field: 'name', label: '企业名称', required: true, kind: 'text' },
    { field: 'uscc', label: '统一社会信用代码', required: true, kind: 'uscc' },
    { field: 'lon', label: '经度', required: true, kind: 'lon' },
    { field: 'lat', label: '纬度', required: true, kind: 'lat' },
    {
      field: 'risk_level',
      label: '风险等级',
      required: false,
      kind: 'enum',
      values: [
        { value: 'major', label: '重大风险' },
        { value: 'high', label: '较大风险' },
      ],
    },
    { field: 'note', label: '备注, "其他"', required: false, kind: 'text' },
  ],
}

const job = (patch: Partial<ImportJob> = {}): ImportJob => ({
  id: 3,
  layer: 'enterprises',
  file_name: '企业.csv',
  format: 'csv',
  status: 'ready',
  crs: 'EPSG:4326',
  crs_guess: null,
  encoding: 'utf-8',
  columns: ['企业名称', '统一社会信用代码', '经度', '纬度'],
  mapping: { 企业名称: 'name', 统一社会信用代码: 'uscc', 经度: 'lon', 纬度: 'lat' },
  row_count: 3,
  summary: { added: 2, changed: 1, unchanged: 0, errors: 0, warnings: 1 },
  failure: null,
  version: 2,
  created_at: '2026-12-01T06:00:00.000Z',
  committed_at: null,
  ...patch,
})

describe('fileRefusal', () => {
  test('refuses a file over the server’s limit before sending it, naming its size and the limit', () => {
    const over = { name: '边界.zip', size: importLimits.maxFileBytes + 1 }
    expect(fileRefusal(over, importLimits.maxFileBytes)).toEqual({
      key: 'imports.upload.tooLarge',
      params: { name: '边界.zip', size: '50', max: '50' },
    })
    expect(fileRefusal({ name: 'big.csv', size: 75 * 1024 * 1024 }, importLimits.maxFileBytes)?.params).toMatchObject({
      size: '75',
    })
    expect(fileRefusal({ name: '边界.zip', size: importLimits.maxFileBytes }, importLimits.maxFileBytes)).toBeNull()
  })

  test('refuses an empty file and a kind the importer does not read; accepts upper-case extensions', () => {
    expect(fileRefusal({ name: 'a.csv', size: 0 }, 100)?.key).toBe('imports.upload.empty')
    expect(fileRefusal({ name: 'a.docx', size: 10 }, 100)?.key).toBe('imports.upload.wrongType')
    expect(fileRefusal({ name: 'A.XLSX', size: 10 }, 100)).toBeNull()
    expect(fileRefusal({ name: '禁放区.kmz', size: 10 }, 100)).toBeNull()
  })
})

test('templateCsv is the layer’s Chinese headers with a BOM, quoting a header that needs it', () => {
  expect(templateCsv(enterprises)).toBe('\uFEFF企业名称,统一社会信用代码,经度,纬度,风险等级,"备注, ""其他"""\r\n')
})

test('stepOf and isFinal follow the job’s status', () => {
  expect(stepOf(null)).toBe('choose')
  expect(stepOf(job({ status: 'reading' }))).toBe('working')
  expect(stepOf(job({ status: 'checking' }))).toBe('working')
  expect(stepOf(job({ status: 'committing' }))).toBe('working')
  expect(stepOf(job({ status: 'ready' }))).toBe('review')
  expect(stepOf(job({ status: 'committed' }))).toBe('done')
  expect(stepOf(job({ status: 'failed' }))).toBe('failed')
  expect(stepOf(job({ status: 'discarded' }))).toBe('choose')
  expect(['reading', 'checking', 'committing'].map((s) => isFinal(s as ImportJob['status']))).toEqual([
    false,
    false,
    false,
  ])
  expect(['ready', 'failed', 'committed', 'discarded'].map((s) => isFinal(s as ImportJob['status']))).toEqual([
    true,
    true,
    true,
    true,
  ])
})

test('progressPercent is indeterminate without a total and clamps to 0–100', () => {
  expect(progressPercent(null)).toBeNull()
  expect(progressPercent({ done: 500, total: null })).toBeNull()
  expect(progressPercent({ done: 1, total: 3 })).toBe(33)
  expect(progressPercent({ done: 5, total: 4 })).toBe(100)
  expect(progressPercent({ done: 0, total: 0 })).toBe(100)
})

describe('the mapping', () => {
  test('unmappedRequired lists the required fields no column feeds', () => {
    expect(unmappedRequired(enterprises, { 企业名称: 'name', 经度: 'lon', 纬度: null, 信用代码: 'uscc' })).toEqual([
      enterprises.fields[3],
    ])
    expect(unmappedRequired(enterprises, job().mapping)).toEqual([])
  })

  test('remap changes one column and leaves the given mapping as it was', () => {
    const before = { 名称: 'name', 经度: 'lon' }
    expect(remap(before, '经度', null)).toEqual({ 名称: 'name', 经度: null })
    expect(before).toEqual({ 名称: 'name', 经度: 'lon' })
  })

  test('remap moves a field from the column that had it: one column per field', () => {
    expect(remap({ 名称: 'name', 单位: null, 经度: 'lon' }, '单位', 'name')).toEqual({
      名称: null,
      单位: 'name',
      经度: 'lon',
    })
  })
})

describe('commitBlocker', () => {
  test('none for a ready job without errors', () => {
    expect(commitBlocker(job(), enterprises)).toBeNull()
  })

  test('says why 导入 is not offered: not ready, unmapped required fields, errors, no rows', () => {
    expect(commitBlocker(job({ status: 'checking' }), enterprises)).toEqual({ key: 'imports.commit.notReady' })
    expect(commitBlocker(job({ mapping: { 企业名称: 'name', 经度: 'lon' } }), enterprises)).toEqual({
      key: 'imports.commit.unmapped',
      params: { fields: '统一社会信用代码、纬度' },
    })
    expect(
      commitBlocker(job({ summary: { added: 1, changed: 0, unchanged: 0, errors: 2, warnings: 0 } }), enterprises),
    ).toEqual({ key: 'imports.commit.hasErrors', params: { n: 2 } })
    expect(commitBlocker(job({ row_count: 0 }), enterprises)).toEqual({ key: 'imports.commit.noRows' })
  })
})

test('resultLink points to where the imported rows are seen', () => {
  expect(resultLink('enterprises').to).toBe('/enterprises')
  expect(resultLink('outlets').to).toBe('/fireworks')
  expect(resultLink('grids').to).toBe('/')
})

test('shownTime is yyyy-mm-dd hh:mm in the browser’s zone, and a dash for none', () => {
  const iso = new Date(2026, 11, 1, 8, 5).toISOString()
  expect(shownTime(iso)).toBe('2026-12-01 08:05')
  expect(shownTime(null)).toBe('—')
})
