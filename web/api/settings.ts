import type { z } from 'zod'
import type { settingPatch, targetPatch } from '../../server/settings/schemas.ts'
import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** Settings and annual targets (server/settings/routes.ts), named from the server's handlers and schemas. */
export type Setting = Answer<Api['settings']['$get']>['items'][number]
export type AnnualTarget = Answer<Api['targets'][':year']['$get']>['items'][number]
export type SettingPatch = z.input<typeof settingPatch>
export type TargetPatch = z.input<typeof targetPatch>

export const fetchSettings = (client: ApiClient = api) =>
  client.getJson<Answer<Api['settings']['$get']>>('/api/settings')
export const patchSetting = (key: string, body: SettingPatch, client: ApiClient = api) =>
  client.send<Setting>(`/api/settings/${encodeURIComponent(key)}`, body, 'PATCH')

export const fetchTargets = (year: number, client: ApiClient = api) =>
  client.getJson<Answer<Api['targets'][':year']['$get']>>(`/api/targets/${year}`)
export const patchTarget = (year: number, key: string, body: TargetPatch, client: ApiClient = api) =>
  client.send<AnnualTarget>(`/api/targets/${year}/${encodeURIComponent(key)}`, body, 'PATCH')
export const startTargetYear = (year: number, copyFrom: number, client: ApiClient = api) =>
  client.send<Answer<Api['targets'][':year']['$post'], 201>>(`/api/targets/${year}`, { copy_from: copyFrom })
