import { strToU8, zipSync } from 'fflate'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { describe, expect, it } from 'vitest'
import { readAll, readFailure } from './read-support.ts'

/** A workbook written by exceljs, as a county's Excel would save it. */
async function workbook(fill: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook()
  fill(book.addWorksheet('企业'), book)
  return new Uint8Array(await book.xlsx.writeBuffer())
}

describe('the XLSX reader', () => {
  it('keeps every Chinese character of a workbook far larger than one inflated piece', async () => {
    // Shared strings and inline text of a few hundred kB: exceljs' own streaming reader decoded each
    // piece alone and turned a character cut between two pieces into U+FFFD.
    const towns = ['合德镇', '临海镇', '千秋镇', '四明镇', '海河镇', '海通镇', '兴桥镇', '新坍镇', '长荡镇', '盘湾镇']
    const names = Array.from({ length: 3000 }, (_, i) => `射阳县${towns[i % 10]}第${i}号化工机械制造有限公司`)
    const bytes = await workbook((sheet) => {
      sheet.addRow(['企业名称', '所属镇', '标准化等级'])
      names.forEach((name, i) => sheet.addRow([name, towns[i % 10], ['一级', '二级', '三级'][i % 3]]))
    })
    expect(bytes.length).toBeGreaterThan(32 * 1024)
    const read = await readAll('大表.xlsx', bytes)
    expect(read.rows).toHaveLength(3000)
    const text = read.rows.map((row) => Object.values(row.values).join('|'))
    expect(text.filter((line) => line.includes('\uFFFD'))).toEqual([])
    expect(read.rows.map((row) => row.values['企业名称'])).toEqual(names)
    expect(read.rows[2999]!.values).toEqual({ 企业名称: names[2999], 所属镇: towns[9], 标准化等级: '三级' })
  })

  it('reads the first sheet: header row, numbers as numbers, dates as yyyy-mm-dd, formulas as results, rich text as text', async () => {
    const bytes = await workbook((sheet, book) => {
      sheet.addRow([])
      sheet.addRow(['企业名称', '经度', '纬度', '成立日期', '从业人数', '行业代码', '在册'])
      sheet.addRow([
        '射阳县化工有限公司',
        120.2571,
        33.7756,
        new Date(Date.UTC(2015, 5, 18)),
        { formula: '10*12', result: 120 },
        '0123',
        true,
      ])
      sheet.addRow([{ richText: [{ text: '海河镇' }, { text: '粮站', font: { bold: true } }] }, 120.31, 33.8, null, 8])
      sheet.getCell('D3').numFmt = 'yyyy-mm-dd'
      book.addWorksheet('第二页').addRow(['不读'])
    })
    const read = await readAll('企业.xlsx', bytes)
    expect(read.format).toBe('xlsx')
    expect(read.encoding).toBeNull()
    expect(read.columns).toEqual(['企业名称', '经度', '纬度', '成立日期', '从业人数', '行业代码', '在册'])
    expect(read.rows).toEqual([
      {
        rowNo: 1,
        values: {
          企业名称: '射阳县化工有限公司',
          经度: 120.2571,
          纬度: 33.7756,
          成立日期: '2015-06-18',
          从业人数: 120,
          行业代码: '0123',
          在册: true,
        },
        geometry: null,
      },
      {
        rowNo: 2,
        values: {
          企业名称: '海河镇粮站',
          经度: 120.31,
          纬度: 33.8,
          成立日期: null,
          从业人数: 8,
          行业代码: null,
          在册: null,
        },
        geometry: null,
      },
    ])
  })

  it('refuses a sheet with only a header, a cell beyond the header, and an empty sheet', async () => {
    const headerOnly = await readFailure('表.xlsx', await workbook((sheet) => sheet.addRow(['名称', '经度'])))
    expect(headerOnly.message).toBe('表.xlsx：只有表头，没有数据行')
    const beyond = await readFailure(
      '表.xlsx',
      await workbook((sheet) => {
        sheet.addRow(['名称', '经度'])
        sheet.addRow(['甲', 120])
        sheet.addRow(['乙', 121, '备注'])
      }),
    )
    expect(beyond.code).toBe('ragged_row')
    expect(beyond.message).toBe('表.xlsx 第 2 行：第 3 列有内容，但表头只有 2 列')
    const empty = await readFailure('空.xlsx', await workbook(() => undefined))
    expect(empty.code).toBe('no_rows')
  })

  it('leaves no temp file behind, whether the read ends well or stops at an error', async () => {
    // exceljs parks a worksheet stored before the shared strings (as Excel and exceljs save) in a temp file.
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-read-'))
    const saved = process.env['TMPDIR']
    process.env['TMPDIR'] = dir
    try {
      const bytes = (ragged: boolean) =>
        workbook((sheet, book) => {
          sheet.addRow(['名称', '经度'])
          for (let i = 0; i < 50; i++) sheet.addRow([`企业${i}`, 120])
          if (ragged) sheet.addRow(['乙', 121, '备注'])
          for (let i = 0; i < 50; i++) sheet.addRow([`企业${i}`, 120])
          book.addWorksheet('说明').addRow(['第二个工作表'])
        })
      expect((await readAll('企业.xlsx', await bytes(false))).rows).toHaveLength(100)
      expect((await readFailure('企业.xlsx', await bytes(true))).code).toBe('ragged_row')
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(readdirSync(dir)).toEqual([])
    } finally {
      if (saved === undefined) delete process.env['TMPDIR']
      else process.env['TMPDIR'] = saved
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses an .xlsx that is not a zip, and a corrupt one, in Chinese', async () => {
    const text = await readFailure('企业.xlsx', '企业名称,经度\n甲,120\n')
    expect(text.code).toBe('unsupported_type')
    expect(text.message).toBe(
      '企业.xlsx：扩展名为 .xlsx，但内容不是 XLSX 工作簿（XLSX 是 zip 压缩包），文件可能已损坏或扩展名有误',
    )
    const bytes = await workbook((sheet) => {
      sheet.addRow(['名称'])
      sheet.addRow(['甲'])
    })
    const truncated = await readFailure('企业.xlsx', bytes.subarray(0, bytes.length - 200))
    expect(truncated.code).toBe('zip_corrupt')
    expect(truncated.message).toBe('企业.xlsx：压缩包不完整或已损坏，请重新压缩后上传')
    const garbage = zipSync({
      'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="a" sheetId="1"'),
      'xl/_rels/workbook.xml.rels': strToU8('not xml at all <<<'),
      'xl/worksheets/sheet1.xml': strToU8('<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c>'),
    })
    const broken = await readFailure('企业.xlsx', garbage)
    expect(broken.code).toBe('invalid_xlsx')
    expect(broken.message).toBe('企业.xlsx：不是有效的 XLSX 工作簿，文件可能已损坏，请在 Excel 中另存后重试')
  })
})
