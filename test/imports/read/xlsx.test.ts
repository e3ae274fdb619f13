import { strToU8, zipSync } from 'fflate'
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
