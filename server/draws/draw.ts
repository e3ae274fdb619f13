import { createRandom } from '../../lib/seeded-random.ts'

export type DrawPick = { enterprise_id: number; inspectors: string[] }

/**
 * 双随机 (DOMAIN §3): N enterprises drawn from the candidates, and for each M inspectors drawn from
 * the list. The same seed, candidates (in id order) and list always give the same picks, so a
 * published draw can be re-run and checked.
 */
export function drawPicks(input: { seed: string; candidates: number[]; inspectors: string[]; n: number; m: number }) {
  const random = createRandom(input.seed)
  const enterprises = random.fork('enterprises').sample(input.candidates, input.n)
  return enterprises.map((id): DrawPick => ({
    enterprise_id: id,
    inspectors: random.fork(`inspectors/${id}`).sample(input.inspectors, input.m),
  }))
}
