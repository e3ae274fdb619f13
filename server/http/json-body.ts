import type { Context } from 'hono'
import { ApiError } from '../api-error.ts'
import { maxJsonDepth } from './body-limits.ts'

/**
 * Whether `text` nests arrays and objects deeper than `limit`: one pass over the brackets outside
 * strings, stopping at the first one too deep. Brackets need not match here; JSON.parse judges that.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i)
    if (inString) {
      if (char === 0x5c)
        i++ // backslash: the next character is escaped, even a quote
      else if (char === 0x22) inString = false
    } else if (char === 0x22) inString = true
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true
    } else if (char === 0x5d || char === 0x7d) depth--
  }
  return false
}

/** `text` as JSON, refused (400) when it is not JSON or nests too deep; `what` names it in the message. */
export function parseJson(text: string, what = 'The body'): unknown {
  // JSON.parse recurses: a deep enough nesting costs a stack overflow, so it is counted first.
  if (nestsDeeperThan(text, maxJsonDepth)) {
    throw new ApiError(
      400,
      `${what} nests arrays and objects deeper than ${maxJsonDepth} levels`,
      { limit: maxJsonDepth },
      'json_too_deep',
    )
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ApiError(400, `${what} must be JSON`, undefined, 'bad_json')
  }
}

/** The request's JSON body, read within its byte limit (server/http/body-limit.ts). */
export async function readJson(c: Context): Promise<unknown> {
  let text: string
  try {
    text = await c.req.text()
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw new ApiError(400, 'The body could not be read', undefined, 'bad_request')
  }
  return parseJson(text)
}
