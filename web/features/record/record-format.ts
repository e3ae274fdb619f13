import type { Translate } from '../../api/errors.ts'

/** A yes/no fact as the record prints it; unknown is a dash. */
export const yesNo = (value: unknown, t: Translate) =>
  value === true ? t('common.yes') : value === false ? t('common.no') : '—'

/** A value as the record prints it; nothing is a dash. */
export const orDash = (value: unknown) => (value === null || value === undefined || value === '' ? '—' : String(value))
