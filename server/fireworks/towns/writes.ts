import { and, eq, ne } from 'drizzle-orm'
import { regions } from '../../../db/schema.ts'
import { notFound } from '../../api-error.ts'
import { audit, snake, type Writer } from '../../writes/tx.ts'
import { staleVersion } from '../../writes/versioned.ts'

const townColumns = {
  code: regions.code,
  name: regions.name,
  households: regions.households,
  outletCap: regions.outletCap,
  version: regions.version,
}

/**
 * A town's households and/or hand-set outlet cap (DOMAIN §6 总量控制), versioned and audited; 404
 * for a code that is no town. Towns are county-wide data: only county-wide roles edit them.
 */
export function changeTown(
  { db, principal }: Writer,
  code: string,
  version: number,
  change: { households?: number | null | undefined; outletCap?: number | null | undefined },
) {
  return db.orm.transaction(async (tx) => {
    const [before] = await tx
      .select(townColumns)
      .from(regions)
      .where(and(eq(regions.code, code), ne(regions.kind, 'county')))
      .for('update')
    if (!before) throw notFound(`No town ${code}`)
    if (before.version !== version) throw staleVersion('town', snake(before), version)
    const [after] = await tx
      .update(regions)
      .set({
        ...(change.households === undefined ? {} : { households: change.households }),
        ...(change.outletCap === undefined ? {} : { outletCap: change.outletCap }),
        version: before.version + 1,
      })
      .where(eq(regions.code, code))
      .returning(townColumns)
    await audit(tx, principal, {
      action: 'update',
      entity: 'regions',
      entityId: code,
      before: snake(before),
      after: snake(after!),
    })
  })
}
