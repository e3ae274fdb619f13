import { strToU8, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { importLimits } from '../../../lib/limits.ts'
import { entryName } from '../../../server/imports/read/zip.ts'
import { readFailure } from './read-support.ts'
import { withDeclaredSize } from './shapefile-support.ts'

describe('zip safety', () => {
  it('refuses a zip bomb by the sizes its central directory declares, before inflating anything', async () => {
    // 600 MB of zeros as a zip declares them (deflating them for real takes half a minute).
    const bomb = withDeclaredSize(
      zipSync({ '炸弹.shp': new Uint8Array(1024 * 1024), '炸弹.dbf': new Uint8Array(100) }),
      300 * 1024 * 1024,
      { local: false },
    )
    const started = performance.now()
    const error = await readFailure('炸弹.zip', bomb)
    expect(performance.now() - started).toBeLessThan(1000)
    expect(error.code).toBe('zip_too_large')
    expect(error.message).toBe(
      `炸弹.zip：压缩包解压后超过 ${importLimits.maxUnzippedBytes / 1024 / 1024} MB 的上限（疑似压缩炸弹），已拒绝`,
    )
  })

  it('stops inflating an entry that expands beyond the size it declares', async () => {
    const zeros = zipSync({ 'a.shp': new Uint8Array(1024 * 1024), 'a.dbf': new Uint8Array(100) })
    const lying = withDeclaredSize(zeros, 1000)
    const error = await readFailure('a.zip', lying)
    expect(error.code).toBe('zip_too_large')
  })

  it('refuses a zip of more entries than the limit', async () => {
    const files = Object.fromEntries(
      Array.from({ length: importLimits.maxZipEntries + 1 }, (_, i) => [`f${i}.txt`, strToU8('x')]),
    )
    const error = await readFailure('多.zip', zipSync(files))
    expect(error.code).toBe('zip_too_many_entries')
    expect(error.message).toBe(`多.zip：压缩包中的文件超过 ${importLimits.maxZipEntries} 个，已拒绝`)
  })

  it('refuses a .zip that is not a zip as damaged', async () => {
    const error = await readFailure('a.zip', strToU8('not a zip'))
    expect(error.code).toBe('zip_corrupt')
  })

  it('decodes entry names: UTF-8 as given, GBK and unflagged UTF-8 from their latin1 bytes', () => {
    expect(entryName('敏感目标.shp')).toBe('敏感目标.shp')
    expect(entryName('plain/a.SHP')).toBe('plain/a.SHP')
    expect(entryName(Buffer.from([0xc3, 0xf4, 0xb8, 0xd0, 0x2e, 0x73, 0x68, 0x70]).toString('latin1'))).toBe('敏感.shp')
    expect(entryName(Buffer.from('敏感.shp', 'utf8').toString('latin1'))).toBe('敏感.shp')
  })
})
