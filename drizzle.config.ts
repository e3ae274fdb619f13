import { defineConfig } from 'drizzle-kit'

// Only used to generate db/migrations from db/schema.ts (`npm run db:generate`); the app applies
// the committed SQL itself at start-up (db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
})
