import { z } from 'zod'
import { parseTrustedProxies } from './http/client-address.ts'

const cidrList = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  )
  .superRefine((cidrs, ctx) => {
    try {
      parseTrustedProxies(cidrs)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
    }
  })

/** Every environment variable the server reads, parsed once; a bad value stops start-up. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** postgres://… → real PostgreSQL/PostGIS; unset → embedded PGlite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  PGLITE_DIR: z.string().min(1).default('./data/pglite'),
  DEMO_SEED: z.string().min(1).default('sheyang'),
  /** Proxies whose X-Forwarded-For is believed (comma-separated CIDRs); empty: the socket peer is the client. */
  TRUSTED_PROXIES: cidrList,
  /** The address users type, e.g. https://aqjg.sheyang.gov.cn: origin check, and Secure __Host- cookies on https. */
  PUBLIC_ORIGIN: z
    .url({ protocol: /^https?$/ })
    .transform((url) => new URL(url).origin)
    .optional(),
})

export type Env = z.infer<typeof envSchema>

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  return parsed.data
}
