import { createHash, randomBytes } from 'node:crypto'

/** 32 random bytes, base64url: session ids and API tokens. Only their SHA-256 is stored. */
export const randomSecret = () => randomBytes(32).toString('base64url')

export const sha256 = (secret: string) => createHash('sha256').update(secret).digest('hex')
