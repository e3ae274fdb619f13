import type { Role } from '../../api/auth.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { minPasswordLength } from '../../../lib/limits.ts'

/** The server's least password length, from its one place. */
export { minPasswordLength }
export const roles: readonly Role[] = ['admin', 'county', 'town', 'grid', 'viewer', 'planner']

export type UserDraft = {
  username: string
  display_name: string
  password: string
  confirm: string
  role: Role | ''
  town_code: string
  grid_codes: string[]
}

export type DraftErrors = Partial<Record<keyof UserDraft, { key: MessageKey; params?: Record<string, number> }>>

/**
 * What the form must fix before it is sent, field by field, by the rules of
 * server/routes/admin.ts. `creating`: the username and password are asked only for a new user.
 */
export function validateUser(draft: UserDraft, creating: boolean): DraftErrors {
  const errors: DraftErrors = {}
  if (creating) {
    if (!draft.username.trim()) errors.username = { key: 'admin.errors.usernameRequired' }
    else if (!/^[a-z0-9][a-z0-9._-]{1,62}$/.test(draft.username.trim())) {
      errors.username = { key: 'admin.errors.usernameFormat' }
    }
    if (draft.password.length < minPasswordLength) {
      errors.password = { key: 'admin.errors.passwordTooShort', params: { n: minPasswordLength } }
    }
    if (draft.confirm !== draft.password) errors.confirm = { key: 'admin.errors.passwordMismatch' }
  }
  if (!draft.display_name.trim()) errors.display_name = { key: 'admin.errors.displayNameRequired' }
  if (!draft.role) errors.role = { key: 'admin.errors.roleRequired' }
  if (draft.role === 'town' && !draft.town_code) errors.town_code = { key: 'admin.errors.townRequired' }
  if (draft.role === 'grid' && draft.grid_codes.length === 0) errors.grid_codes = { key: 'admin.errors.gridsRequired' }
  return errors
}
