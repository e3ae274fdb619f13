// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, test } from 'vitest'
import { HttpError, UnreachableError } from '../../../../web/api/client.ts'
import AuditDiff from '../../../../web/features/admin/AuditDiff.vue'
import { translate, type MessageKey } from '../../../../web/i18n/messages.ts'
import { zhCN } from '../../../../web/i18n/zh-CN.ts'
import { adminErrorKey, adminErrorText } from '../../../../web/features/admin/admin-errors.ts'
import { auditDiff, entityLink, formatValue } from '../../../../web/features/admin/audit-diff.ts'
import { validateUser } from '../../../../web/features/admin/user-form.ts'

const before = {
  id: 7,
  username: 'town-320924100',
  role: 'town',
  town_code: '320924100',
  grid_codes: [],
  active: true,
}
const after = { ...before, role: 'grid', town_code: null, grid_codes: ['320924100001', '320924100002'] }

describe('auditDiff', () => {
  test('pairs every field and marks the ones the write changed', () => {
    expect(auditDiff(before, after).map((row) => [row.field, row.changed])).toEqual([
      ['id', false],
      ['username', false],
      ['role', true],
      ['town_code', true],
      ['grid_codes', true],
      ['active', false],
    ])
  })

  test('a create has no before: every field is new; a field only before had is kept', () => {
    expect(auditDiff(null, { id: 1, name: 'x' }).every((row) => row.changed && row.before === undefined)).toBe(true)
    expect(auditDiff({ a: 1, gone: 2 }, { a: 1 })).toEqual([
      { field: 'a', before: 1, after: 1, changed: false },
      { field: 'gone', before: 2, after: undefined, changed: true },
    ])
  })

  test('values read as words: lists joined, nothing as a dash, booleans in the language', () => {
    expect(formatValue(['a', 'b'], '是', '否')).toBe('a、b')
    expect(formatValue([], '是', '否')).toBe('—')
    expect(formatValue(null, '是', '否')).toBe('—')
    expect(formatValue(false, '是', '否')).toBe('否')
    expect(formatValue({ x: 1 }, '是', '否')).toBe('{"x":1}')
  })

  test('links an enterprise, and a hazard or inspection to its enterprise; nothing else', () => {
    expect(entityLink({ entity: 'enterprises', entity_id: '12', before: null, after: null })).toBe('/enterprises/12')
    expect(entityLink({ entity: 'hazards', entity_id: '3', before: null, after: { enterprise_id: 44 } })).toBe(
      '/enterprises/44',
    )
    expect(entityLink({ entity: 'users', entity_id: '3', before: null, after: { id: 3 } })).toBeNull()
  })
})

describe('AuditDiff', () => {
  test('shows before and after side by side and highlights the changed fields', async () => {
    const wrapper = mount(AuditDiff, { props: { entity: 'users', before, after } })
    const row = (field: string) => wrapper.find(`tr[data-field="${field}"]`)
    expect(wrapper.findAll('tr.changed').map((r) => r.attributes('data-field'))).toEqual([
      'role',
      'town_code',
      'grid_codes',
    ])
    expect(row('role').find('th').text()).toContain('角色')
    expect([row('role').find('.before').text(), row('role').find('.after').text()]).toEqual(['镇（区）用户', '网格员'])
    expect(row('grid_codes').find('.after').text()).toBe('320924100001、320924100002')
    expect(row('active').find('.after').text()).toBe('是')

    await wrapper.find('[data-test=audit-only-changed]').setValue(true)
    expect(wrapper.findAll('tbody tr').map((r) => r.attributes('data-field'))).toEqual([
      'role',
      'town_code',
      'grid_codes',
    ])
  })

  test('a create shows only the after column, unhighlighted; an entry without content says so', () => {
    const created = mount(AuditDiff, { props: { entity: 'api_tokens', before: null, after: { kind: 'kiosk' } } })
    expect(created.findAll('thead th').map((th) => th.text())).toEqual(['字段', '修改后'])
    expect(created.find('tr.changed').exists()).toBe(false)
    expect(created.find('tr[data-field=kind] .after').text()).toBe('大屏')
    const empty = mount(AuditDiff, { props: { entity: 'users', before: null, after: null } })
    expect(empty.text()).toBe('此记录没有保存修改前后的内容')
  })
})

describe('the admin forms', () => {
  test('say in Chinese what a new user lacks, per field', () => {
    const draft = {
      username: 'Bad Name',
      display_name: ' ',
      password: 'short',
      confirm: 'other',
      role: 'grid' as const,
      town_code: '',
      grid_codes: [],
    }
    const errors = validateUser(draft, true)
    expect(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.key]))).toEqual({
      username: 'admin.errors.usernameFormat',
      password: 'admin.errors.passwordTooShort',
      confirm: 'admin.errors.passwordMismatch',
      display_name: 'admin.errors.displayNameRequired',
      grid_codes: 'admin.errors.gridsRequired',
    })
    // Editing asks neither username nor password.
    expect(validateUser({ ...draft, display_name: 'x', role: 'town', town_code: '320924100' }, false)).toEqual({})
  })

  test('turn the server’s refusal codes and statuses into messages', () => {
    const refusal = (status: number, code?: string) => new HttpError(status, { error: 'x', code })
    expect(adminErrorKey(refusal(409, 'username_taken'))).toBe('admin.errors.username_taken')
    expect(adminErrorKey(refusal(409, 'self'))).toBe('admin.errors.self')
    expect(adminErrorKey(refusal(404, 'no_token'))).toBe('admin.errors.no_token')
    expect(adminErrorKey(refusal(409, 'something new'))).toBe('admin.errors.conflict')
    expect(adminErrorKey(refusal(409, 'toString'))).toBe('admin.errors.conflict')
    // The code is the top-level one, as on every route; `details` is not where it is read.
    const inDetails = new HttpError(409, { error: 'x', code: 'conflict', details: { code: 'username_taken' } })
    expect(adminErrorKey(inDetails)).toBe('admin.errors.conflict')
    expect(adminErrorKey(refusal(403))).toBe('admin.errors.forbidden')
    expect(adminErrorKey(refusal(400))).toBe('admin.errors.invalid')
    expect(adminErrorKey(new UnreachableError('down'))).toBe('admin.errors.unreachable')
  })

  test('keep their own messages, and explain an invalid or unexpected answer in Chinese by what it says', () => {
    const t = (key: MessageKey, params?: Record<string, string | number>) => translate(zhCN, key, params)
    const taken = new HttpError(409, { error: 'Username town-1 is taken', code: 'username_taken' })
    expect(adminErrorText(taken, t)).toBe('用户名已存在')
    const invalid = new HttpError(400, {
      error: 'display_name: Too big; grid_codes.0: Invalid',
      details: { issues: [{ path: 'display_name' }, { path: 'grid_codes.0' }] },
    })
    expect(adminErrorText(invalid, t)).toBe('以下内容有误：姓名、网格')
    expect(adminErrorText(new HttpError(429, { error: 'Too many requests; retry in 30 s' }), t)).toBe(
      '尝试过多，请 30 秒后再试',
    )
    expect(adminErrorText(new HttpError(422, { error: 'Town 320924999 has no grids' }), t)).toBe(
      '此操作未被接受（服务器说明：Town 320924999 has no grids）',
    )
    expect(adminErrorText(new UnreachableError('down'), t)).toBe('无法连接服务器，已填写的内容未丢失，请稍后重试')
  })
})
