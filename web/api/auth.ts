import { api, type ApiClient } from './client.ts'
import type { Answer, Api } from './contract.ts'

/** GET /api/auth/me: who is signed in, and by what. */
export type Me = Answer<Api['auth']['me']['$get']>
export type User = Me['user']
export type Role = User['role']

export const fetchMe = (client: ApiClient = api) => client.getJson<Me>('/api/auth/me')
export const postLogin = (username: string, password: string, client: ApiClient = api) =>
  client.send<Me>('/api/auth/login', { username, password })
export const postLogout = (client: ApiClient = api) => client.send<null>('/api/auth/logout')
export const postPassword = (old_password: string, new_password: string, client: ApiClient = api) =>
  client.send<null>('/api/auth/password', { old_password, new_password })
