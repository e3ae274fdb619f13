import { createInterface } from 'node:readline/promises'
import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { openDatabase } from '../db/client.ts'
import { usernamePattern } from '../lib/limits.ts'
import { migrate } from '../db/migrate.ts'
import { auditLog, users } from '../db/schema.ts'
import { hashPassword, minPasswordLength } from './auth/password.ts'

// npm run create-admin -- --username NAME [--display-name TEXT]
// The password comes from ADMIN_PASSWORD or is asked for on the terminal; never from argv (shell history).
const { values } = parseArgs({
  options: { username: { type: 'string' }, 'display-name': { type: 'string', default: '系统管理员' } },
})
const username = values.username
if (!username || !usernamePattern.test(username)) {
  console.error('Usage: npm run create-admin -- --username NAME   (lower-case letters, digits, . _ -)')
  process.exit(2)
}
let password = process.env.ADMIN_PASSWORD
if (!password) {
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  password = await terminal.question(`Password for ${username} (at least ${minPasswordLength} characters): `)
  terminal.close()
}
if (password.length < minPasswordLength) {
  console.error(`The password needs at least ${minPasswordLength} characters.`)
  process.exit(2)
}

const url = process.env.DATABASE_URL
const db = url
  ? await openDatabase({ kind: 'postgres', url, max: 1 })
  : await openDatabase({ kind: 'pglite', dataDir: process.env.PGLITE_DIR ?? './data/pglite' })
try {
  await migrate(db)
  const [taken] = await db.orm.select({ id: users.id }).from(users).where(eq(users.username, username))
  if (taken) {
    console.error(`A user ${username} exists already; nothing changed.`)
    process.exitCode = 1
  } else {
    const passwordHash = await hashPassword(password)
    await db.orm.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ username, displayName: values['display-name'], passwordHash, role: 'admin' })
        .returning({ id: users.id })
      await tx.insert(auditLog).values({
        action: 'create',
        entity: 'users',
        entityId: String(row!.id),
        after: { id: row!.id, username, role: 'admin', created_by: 'npm run create-admin' },
      })
    })
    console.log(`Created admin ${username}. Log in at /login.`)
  }
} finally {
  await db.close()
}
