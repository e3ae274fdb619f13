import { api, withQuery, type ApiClient, type Query } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** GET /api/ledgers/enterprises and /hazards: a page of the filtered, sorted ledger. */
export type EnterpriseLedgerPage = Answer<Api['ledgers']['enterprises']['$get']>
export type HazardLedgerPage = Answer<Api['ledgers']['hazards']['$get']>
export type LedgerTowns = Answer<Api['ledgers']['towns']['$get']>['towns']
export type LedgerName = 'enterprises' | 'hazards'
export type LedgerPage = EnterpriseLedgerPage | HazardLedgerPage

export function fetchLedger(name: LedgerName, query: Query, client: ApiClient = api): Promise<LedgerPage> {
  return client.getJson<LedgerPage>(`/api/ledgers/${name}`, query)
}

export async function fetchLedgerTowns(client: ApiClient = api): Promise<LedgerTowns> {
  return (await client.getJson<{ towns: LedgerTowns }>('/api/ledgers/towns')).towns
}

/** The file of everything `query` matches (its page left out): a plain link, the browser downloads it. */
export function ledgerExportUrl(name: LedgerName, extension: 'csv' | 'xlsx', query: Query): string {
  const { limit: _limit, offset: _offset, ...filter } = query
  return withQuery(`/api/ledgers/${name}/export.${extension}`, filter)
}
