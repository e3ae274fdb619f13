import { hash, verify } from '@node-rs/argon2'

/** The @node-rs/argon2 defaults are argon2id (OWASP: 19 MiB, 2 passes), each with a random salt. */
export const hashPassword = (password: string) => hash(password)

// Verified against when the username is unknown, so an unknown user costs the same as a wrong password.
const dummyHash = hash('not a password of anyone')

/** Constant-ish time: always one argon2 verification, whether or not the user exists. */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  const ok = await verify(passwordHash ?? (await dummyHash), password).catch(() => false)
  return passwordHash !== undefined && ok
}

/** lib/limits.ts: the web's forms check the same length. */
export { minPasswordLength } from '../../lib/limits.ts'
