import { ImportReadError } from './types.ts'

/**
 * An ImportReadError whose Chinese message names the file, then the row and field when there is
 * one: "企业.csv 第 12 行「经度」列：…". Every reader builds its errors here so they read alike.
 */
export function readError(
  code: string,
  fileName: string,
  text: string,
  where: { row?: number; field?: string } = {},
): ImportReadError {
  const row = where.row === undefined ? '' : ` 第 ${where.row} 行`
  const field = where.field === undefined ? '' : `「${where.field}」列`
  return new ImportReadError(code, `${fileName}${row}${field}：${text}`, where)
}

/** The wrong-type refusal, shared by the format detection and the readers that find a foreign file. */
export const unsupportedType = (fileName: string, detail = '') =>
  readError(
    'unsupported_type',
    fileName,
    `不支持的文件类型${detail}，请上传 GeoJSON、zip 压缩的 Shapefile、CSV、XLSX 或 KML`,
  )
