import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultSettings } from '../../../db/defaults.ts'

/**
 * The server's TypeScript with comments removed, so a key only mentioned in a comment is not "read";
 * without server/settings, whose catalogue names every key to describe it, not to apply it.
 */
function serverCode(dir = 'server'): string {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name)
      if (path === join('server', 'settings')) return []
      if (entry.isDirectory()) return [serverCode(path)]
      if (!entry.name.endsWith('.ts')) return []
      return [
        readFileSync(path, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/(^|[^:'"`])\/\/.*$/gm, '$1'),
      ]
    })
    .join('\n')
}

const code = serverCode()
const unread = (keys: string[]) => keys.filter((key) => !new RegExp(`\\b${key}\\b`).test(code))

describe('settings', () => {
  it('every key of defaultSettings is read by the server where its rule is applied', () => {
    expect(defaultSettings.length).toBeGreaterThan(15)
    expect(unread(defaultSettings.map((s) => s.key))).toEqual([])
  })

  it('counts a key that no code reads as unread, even when a comment names it', () => {
    // server/hazards/closed-loop.ts names listing_extension_request_working_days only in a comment.
    expect(unread(['a_key_nothing_reads', 'dust_shift_threshold'])).toEqual(['a_key_nothing_reads'])
    expect(code).not.toContain('raises listing_extension_request_working_days instead')
  })
})
