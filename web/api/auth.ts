import { api, type ApiClient } from './client.ts'

/** server/routes/auth.ts: `Me`. */
export type Role = 'admin' | 'county' | 'town' | 'grid' | 'viewer'
export type User = {
  id: number
  username: string
  display_name: string
  role: Role
  town_code: string | null
  grid_codes: string[]
}
export type Me = { user: User; via: 'session' | 'personal' | 'kiosk' }

export const fetchMe = (client: ApiClient = api) => client.getJson<Me>('/api/auth/me')
export const postLogin = (username: string, password: string, client: ApiClient = api) =>
  client.send<Me>('/api/auth/login', { username, password })
export const postLogout = (client: ApiClient = api) => client.send<null>('/api/auth/logout')
export const postPassword = (old_password: string, new_password: string, client: ApiClient = api) =>
  client.send<null>('/api/auth/password', { old_password, new_password })
