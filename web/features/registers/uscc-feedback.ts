import { usccCheckChar, validateUscc } from '../../../db/uscc.ts'

const charset = /^[0-9A-HJ-NPQRTUWXY]*$/

/**
 * What the USCC input says while it is typed (DOMAIN §4, db/uscc.ts): a wrong length or character
 * is an error that blocks the save, a failed check character a warning naming the expected one.
 */
export type UsccFeedback =
  | { severity: 'error'; key: 'registers.uscc.length'; params: { n: number } }
  | { severity: 'error'; key: 'registers.uscc.charset'; params: { c: string } }
  | { severity: 'warning'; key: 'registers.uscc.check'; params: { expected: string; actual: string } }

export function usccFeedback(code: string): UsccFeedback | null {
  if (code === '' || validateUscc(code).ok) return null
  const bad = [...code].find((c) => !charset.test(c))
  if (bad !== undefined) return { severity: 'error', key: 'registers.uscc.charset', params: { c: bad } }
  if (code.length !== 18) return { severity: 'error', key: 'registers.uscc.length', params: { n: code.length } }
  return {
    severity: 'warning',
    key: 'registers.uscc.check',
    params: { expected: usccCheckChar(code.slice(0, 17)), actual: code[17]! },
  }
}
