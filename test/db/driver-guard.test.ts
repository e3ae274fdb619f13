import { describe, expect, it } from 'vitest'
import { isDriverNullSocketWrite } from '../../db/driver-guard.ts'

const withStack = (error: Error, top: string) => {
  error.stack = `${error.name}: ${error.message}\n    at ${top}\n    at process.processImmediate (node:internal/timers:485:21)`
  return error
}
const message = "Cannot read properties of null (reading 'write')"

describe('isDriverNullSocketWrite', () => {
  it("recognises postgres.js's nextWrite on a closed connection", () => {
    const error = withStack(
      new TypeError(message),
      'Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)',
    )
    expect(isDriverNullSocketWrite(error)).toBe(true)
  })

  it('refuses the same message thrown anywhere else, and other errors', () => {
    expect(isDriverNullSocketWrite(withStack(new TypeError(message), 'write (/app/server/routes/x.ts:1:1)'))).toBe(
      false,
    )
    expect(
      isDriverNullSocketWrite(
        withStack(
          new TypeError("Cannot read properties of null (reading 'end')"),
          'Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)',
        ),
      ),
    ).toBe(false)
    expect(
      isDriverNullSocketWrite(
        withStack(new Error(message), 'Immediate.nextWrite (/app/node_modules/postgres/src/connection.js:255:22)'),
      ),
    ).toBe(false)
    expect(isDriverNullSocketWrite('a string')).toBe(false)
  })
})
