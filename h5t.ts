import { openDatabase } from './db/client.ts'
import { outletViolations } from './server/fireworks/engine.ts'
import { readSitingRules } from './server/fireworks/siting-rules.ts'
import { fullScope } from './server/scope.ts'
const db = await openDatabase({ kind: 'postgres', url: 'postgres://postgres:postgres@127.0.0.1:5432/sheyang_h5' })
const rules = await readSitingRules(db)
for (let i = 0; i < 3; i++) {
  const t = performance.now()
  const v = await outletViolations(db, { rules, today: '2026-10-15', scope: fullScope })
  console.log(v.length, performance.now() - t)
}
await db.close()
