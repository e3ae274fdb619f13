import { api, type ApiClient } from './client.ts'

/*
 * Settings and annual targets (issue 12). Until server/settings/routes.ts is on this branch these
 * types mirror the contract the server is written to (COMMON.md "Editing API"); once AppType has
 * the routes they are named from it like the other web/api files.
 */

export type Setting = {
  key: string
  value: unknown
  description: string
  unit: string
  source: string
  kind: string
  /** An object's keys, in the order a form shows them, with their labels and units. */
  fields: { key: string; label: string; unit: string }[] | null
  /** 0 while the default is in force (nothing stored yet). */
  version: number
  updated_at: string | null
}

export type AnnualTarget = {
  year: number
  key: string
  target: number
  note: string | null
  description: string
  unit: string
  source: string
  /** A percentage (at most 100). */
  percentage: boolean
  version: number
  updated_at: string
}

export const fetchSettings = (client: ApiClient = api) => client.getJson<{ items: Setting[] }>('/api/settings')
export const patchSetting = (key: string, body: { value: unknown; version: number }, client: ApiClient = api) =>
  client.send<Setting>(`/api/settings/${encodeURIComponent(key)}`, body, 'PATCH')

export const fetchTargets = (year: number, client: ApiClient = api) =>
  client.getJson<{ items: AnnualTarget[] }>(`/api/targets/${year}`)
export const patchTarget = (
  year: number,
  key: string,
  body: { target: number; note?: string | null; version: number },
  client: ApiClient = api,
) => client.send<AnnualTarget>(`/api/targets/${year}/${encodeURIComponent(key)}`, body, 'PATCH')
export const startTargetYear = (year: number, copyFrom: number, client: ApiClient = api) =>
  client.send<{ items: AnnualTarget[] }>(`/api/targets/${year}`, { copy_from: copyFrom })
