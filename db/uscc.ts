// 统一社会信用代码 (GB 32100-2015), DOMAIN §4.
const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY'
// wᵢ = 3^i mod 31 for i = 0..16
const weights = Array.from({ length: 17 }, (_, i) => Number(3n ** BigInt(i) % 31n))

export type UsccCheck = { ok: true } | { ok: false; severity: 'error' | 'warning'; message: string }

/** The 18th character for the first 17; throws on characters outside the charset. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error(`USCC body must be 17 characters, got ${first17.length}`)
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = charset.indexOf(first17[i]!)
    if (value < 0) throw new Error(`'${first17[i]}' is not a USCC character`)
    sum += value * weights[i]!
  }
  return charset[(31 - (sum % 31)) % 31]!
}

/** A wrong length or charset is an error; a failed check is only a warning, since some early legal codes fail it. */
export function validateUscc(code: string): UsccCheck {
  if (code.length !== 18) {
    return { ok: false, severity: 'error', message: `USCC must be 18 characters, got ${code.length}` }
  }
  const bad = [...code].find((c) => !charset.includes(c))
  if (bad !== undefined) {
    return {
      ok: false,
      severity: 'error',
      message: `USCC contains '${bad}', which is not one of 0-9 and the capitals A-Y without I, O, S, V, Z`,
    }
  }
  const expected = usccCheckChar(code.slice(0, 17))
  if (code[17] !== expected) {
    return {
      ok: false,
      severity: 'warning',
      message: `USCC check character should be '${expected}', not '${code[17]}'`,
    }
  }
  return { ok: true }
}
