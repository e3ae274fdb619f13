import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { readFailure } from './read-support.ts'

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52])
const docx = zipSync({
  '[Content_Types].xml': new TextEncoder().encode('<?xml version="1.0"?><Types/>'),
  'word/document.xml': new TextEncoder().encode('<?xml version="1.0"?><w:document/>'),
})

describe('readFile', () => {
  it('refuses an empty file naming it', async () => {
    const error = await readFailure('企业.csv', new Uint8Array())
    expect(error.code).toBe('empty_file')
    expect(error.message).toBe('企业.csv：是空文件（0 字节）')
  })

  it('refuses a picture and a Word document as a wrong type, naming the formats it takes', async () => {
    for (const [name, bytes] of [
      ['地图.png', png],
      ['名单.docx', docx],
    ] as const) {
      const error = await readFailure(name, bytes)
      expect(error.code).toBe('unsupported_type')
      expect(error.message).toBe(`${name}：不支持的文件类型，请上传 GeoJSON、zip 压缩的 Shapefile、CSV、XLSX 或 KML`)
    }
  })

  it('refuses a file whose extension says one format and whose bytes another', async () => {
    const pngAsCsv = await readFailure('企业.csv', png)
    expect(pngAsCsv.code).toBe('unsupported_type')
    expect(pngAsCsv.message).toMatch(/^企业\.csv：扩展名为 \.csv，但内容不是 CSV 文本/)
    const csvAsJson = await readFailure('企业.geojson', 'a,b\n1,2\n')
    expect(csvAsJson.message).toMatch(/^企业\.geojson：扩展名为 \.geojson，但内容不是 JSON 文本/)
    const old = await readFailure('企业.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))
    expect(old.message).toBe(
      '企业.xls：不支持的文件类型（旧版 Excel .xls，请在 Excel 中另存为 .xlsx），请上传 GeoJSON、zip 压缩的 Shapefile、CSV、XLSX 或 KML',
    )
  })
})
