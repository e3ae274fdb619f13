import type { Role } from '../../api/auth.ts'
import type { MessageKey } from '../../i18n/messages.ts'
import { minPasswordLength, usernamePattern } from '../../../lib/limits.ts'
import { userRoles } from '../../../db/vocabulary.ts'

/** The server's least password length, from its one place. */
export { minPasswordLength }
/** Every role an account may have, in the order of db/vocabulary.ts. */
export const roles: readonly Role[] = userRoles

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
 * server/admin/schemas.ts (the username pattern and password length of lib/limits.ts). `creating`: the username and password are asked only for a new user.
 */
export function validateUser(draft: UserDraft, creating: boolean): DraftErrors {
  const errors: DraftErrors = {}
  if (creating) {
    if (!draft.username.trim()) errors.username = { key: 'admin.errors.usernameRequired' }
    else if (!usernamePattern.test(draft.username.trim())) {
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
