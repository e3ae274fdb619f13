import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { importLimits } from '../../../lib/limits.ts'
import { readAll, readFailure } from './read-support.ts'

const table =
  '企业名称,统一社会信用代码,经度,纬度,行业代码\n射阳县化工有限公司,91320924MA1XXXXX0Q,120.2571,33.7756,0123\n"海河镇粮站,二号",,120.31,33.80,\n'

describe('the CSV reader', () => {
  it('reads UTF-8 with the header as columns, values as the strings they are and empty cells as null', async () => {
    const read = await readAll('企业.csv', table)
    expect(read.format).toBe('csv')
    expect(read.encoding).toBe('utf-8')
    expect(read.prj).toBeNull()
    expect(read.columns).toEqual(['企业名称', '统一社会信用代码', '经度', '纬度', '行业代码'])
    expect(read.rows).toEqual([
      {
        rowNo: 1,
        values: {
          企业名称: '射阳县化工有限公司',
          统一社会信用代码: '91320924MA1XXXXX0Q',
          经度: '120.2571',
          纬度: '33.7756',
          行业代码: '0123',
        },
        geometry: null,
      },
      {
        rowNo: 2,
        values: { 企业名称: '海河镇粮站,二号', 统一社会信用代码: null, 经度: '120.31', 纬度: '33.80', 行业代码: null },
        geometry: null,
      },
    ])
  })

  it('drops a UTF-8 BOM, so the first header is not "\\uFEFF企业名称"', async () => {
    const read = await readAll('企业.csv', '\uFEFF' + table)
    expect(read.columns[0]).toBe('企业名称')
    expect(read.rows).toHaveLength(2)
  })

  it('reads GBK by itself under auto, and when GBK is chosen', async () => {
    const gbk = iconv.encode(table, 'gbk')
    for (const encoding of ['auto', 'gbk'] as const) {
      const read = await readAll('企业.csv', gbk, encoding)
      expect(read.encoding).toBe('gbk')
      expect(read.columns[0]).toBe('企业名称')
      expect(read.rows[0]!.values['企业名称']).toBe('射阳县化工有限公司')
    }
  })

  it('refuses GBK bytes read as an explicit UTF-8 with the hint to choose GBK', async () => {
    const error = await readFailure('企业.csv', iconv.encode(table, 'gbk'), 'utf-8')
    expect(error.code).toBe('not_utf8')
    expect(error.message).toBe('企业.csv：不是有效的 UTF-8 文本（可能是 GBK 编码），请选择 GBK 编码后重试')
  })

  it('names the file, the data row and both counts for a ragged row', async () => {
    const error = await readFailure('企业.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8\n')
    expect(error.code).toBe('ragged_row')
    expect(error.where).toEqual({ row: 3 })
    expect(error.message).toMatch(/^企业\.csv 第 3 行：列数为 2，表头有 3 列/)
  })

  it('refuses a file with only a header, and one with nothing but blank lines', async () => {
    const headerOnly = await readFailure('企业.csv', '企业名称,经度,纬度\n')
    expect(headerOnly.code).toBe('no_rows')
    expect(headerOnly.message).toBe('企业.csv：只有表头，没有数据行')
    const blank = await readFailure('企业.csv', '\n\n')
    expect(blank.code).toBe('no_rows')
    expect(blank.message).toMatch(/^企业\.csv：.*没有数据行/)
  })

  it('recognises semicolon and tab delimiters', async () => {
    for (const delimiter of [';', '\t']) {
      const read = await readAll(
        '企业.csv',
        ['名称', '经度', '纬度'].join(delimiter) + '\n' + ['甲,乙', '120.1', '33.7'].join(delimiter) + '\n',
      )
      expect(read.columns).toEqual(['名称', '经度', '纬度'])
      expect(read.rows[0]!.values).toEqual({ 名称: '甲,乙', 经度: '120.1', 纬度: '33.7' })
    }
  })

  it('names blank headers by their position and tells repeated ones apart', async () => {
    const read = await readAll('企业.csv', '名称,,名称\n甲,1,乙\n')
    expect(read.columns).toEqual(['名称', '列2', '名称_2'])
    expect(read.rows[0]!.values).toEqual({ 名称: '甲', 列2: '1', 名称_2: '乙' })
  })

  it('refuses a cell over the length limit naming its row and column, and too many columns', async () => {
    const long = await readFailure('企业.csv', `名称,备注\n甲,短\n乙,${'长'.repeat(importLimits.maxCellLength + 1)}\n`)
    expect(long.code).toBe('cell_too_long')
    expect(long.where).toEqual({ row: 2, field: '备注' })
    expect(long.message).toMatch(/^企业\.csv 第 2 行「备注」列：/)
    const columns = Array.from({ length: importLimits.maxColumns + 1 }, (_, i) => `c${i}`)
    const wide = await readFailure('宽表.csv', `${columns.join(',')}\n${columns.map(() => '1').join(',')}\n`)
    expect(wide.code).toBe('too_many_columns')
    expect(wide.message).toBe(
      `宽表.csv：有 ${importLimits.maxColumns + 1} 列，超过 ${importLimits.maxColumns} 列的上限`,
    )
  })

  it('streams 100,000 rows, yielding to the event loop while it reads', async () => {
    const lines = ['名称,经度,纬度']
    for (let i = 0; i < 100_000; i++) lines.push(`企业${i},${(120 + i / 1e6).toFixed(6)},33.7`)
    let ticks = 0
    const timer = setInterval(() => (ticks += 1), 1)
    const started = performance.now()
    const read = await readAll('大表.csv', lines.join('\n'))
    const took = performance.now() - started
    clearInterval(timer)
    expect(read.rows).toHaveLength(100_000)
    expect(read.rows[99_999]).toEqual({
      rowNo: 100_000,
      values: { 名称: '企业99999', 经度: '120.099999', 纬度: '33.7' },
      geometry: null,
    })
    expect(ticks).toBeGreaterThan(10)
    console.log(`[bench] 100,000-row CSV read in ${took.toFixed(0)} ms, timer fired ${ticks} times meanwhile`)
  }, 30_000)
})
