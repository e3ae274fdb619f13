import { describe, expect, it } from 'vitest'
import { usccCheckChar, validateUscc } from '../../db/uscc.ts'

describe('USCC (GB 32100-2015)', () => {
  it('accepts the published example 91350100M000100Y43', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3')
    expect(validateUscc('91350100M000100Y43')).toEqual({ ok: true })
  })

  it('maps a remainder of 0 to the check character 0', () => {
    // Σ = 0 for an all-zero body, so 31 − 0 = 31 → 0.
    expect(usccCheckChar('00000000000000000')).toBe('0')
  })

  it('treats a wrong check character as a warning, since early codes fail it', () => {
    const result = validateUscc('91350100M000100Y44')
    expect(result).toMatchObject({ ok: false, severity: 'warning' })
    expect(result.ok === false && result.message).toContain("'3'")
  })

  it('treats a wrong length as an error', () => {
    expect(validateUscc('91350100M000100Y4')).toMatchObject({ ok: false, severity: 'error' })
    expect(validateUscc('91350100M000100Y433')).toMatchObject({ ok: false, severity: 'error' })
    expect(validateUscc('')).toMatchObject({ ok: false, severity: 'error' })
  })

  it.each(['I', 'O', 'Z', 'S', 'V'])('treats the forbidden letter %s as an error', (letter) => {
    expect(validateUscc(`91350100M000100${letter}43`)).toMatchObject({ ok: false, severity: 'error' })
  })

  it('treats lower case as an error', () => {
    expect(validateUscc('91350100m000100Y43')).toMatchObject({ ok: false, severity: 'error' })
  })
})
