import { describe, expect, test } from 'vitest'
import { HttpError } from '../../../../../web/api/client.ts'
import type { FieldErrors } from '../../../../../web/features/grid/inspection/inspection-draft.ts'
import {
  clearOutletDraft,
  emptyOutletDraft,
  loadOutletDraft,
  outletVisitServerErrors,
  saveOutletDraft,
  toOutletBody,
  validateOutletDraft,
} from '../../../../../web/features/grid/outlet-visit/outlet-visit-draft.ts'
import { translate, type MessageKey } from '../../../../../web/i18n/messages.ts'
import { zhCN } from '../../../../../web/i18n/zh-CN.ts'

const today = '2027-01-20'
const t = (key: MessageKey, params?: Record<string, string | number>) => translate(zhCN, key, params)
const inChinese = (errors: FieldErrors) =>
  Object.fromEntries(Object.entries(errors).map(([f, e]) => [f, 'text' in e ? e.text : t(e.key, e.params)]))

function memoryStorage() {
  const items = new Map<string, string>()
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  }
}

describe('outlet visit draft', () => {
  test('starts as a holiday check in the season, a routine one outside it, with its own save key', () => {
    expect(emptyOutletDraft(7, today, true, 'key-12345678')).toEqual({
      outlet_id: 7,
      kind: 'holiday',
      inspected_on: today,
      inspectors: '',
      findings: '',
      client_request_id: 'key-12345678',
    })
    expect(emptyOutletDraft(7, '2026-10-15', false, 'k').kind).toBe('routine')
  })

  test('is kept per grid and reopens only for its own outlet', () => {
    const storage = memoryStorage()
    const draft = { ...emptyOutletDraft(7, today, true, 'key-12345678'), inspectors: '王明' }
    saveOutletDraft(storage, '320924100001', draft)
    expect(loadOutletDraft(storage, '320924100001', 7)).toEqual(draft)
    expect(loadOutletDraft(storage, '320924100001', 8)).toBeNull()
    expect(loadOutletDraft(storage, '320924100002', 7)).toBeNull()
    clearOutletDraft(storage, '320924100001')
    expect(loadOutletDraft(storage, '320924100001', 7)).toBeNull()
  })

  test('checks the fields an enterprise inspection checks, in Chinese', () => {
    const draft = { ...emptyOutletDraft(7, today, true, 'key-12345678'), inspected_on: '2027-01-21' }
    expect(inChinese(validateOutletDraft({ ...draft, findings: '查'.repeat(5001) }, today))).toEqual({
      inspected_on: '检查日期不能晚于今天（2027-01-20）',
      inspectors: '请至少填写一名检查人员',
      findings: '检查情况不超过 5000 字',
    })
    expect(validateOutletDraft({ ...draft, inspected_on: today, inspectors: '王明 李强' }, today)).toEqual({})
  })

  test('sends the names split and the findings trimmed, with the save key', () => {
    const draft = { ...emptyOutletDraft(7, today, true, 'key-12345678'), inspectors: '王明、李强', findings: '  ' }
    expect(toOutletBody(draft)).toEqual({
      kind: 'holiday',
      inspected_on: today,
      inspectors: ['王明', '李强'],
      client_request_id: 'key-12345678',
    })
  })

  test('places the server’s refusals: a field it names, a 404 as out of the grid, the rest as the form', () => {
    const issue = new HttpError(400, {
      error: 'inspectors: too big',
      code: 'bad_request',
      details: { issues: [{ path: 'inspectors.0', message: 'Too big' }] },
    })
    expect(inChinese(outletVisitServerErrors(issue, t))).toEqual({
      inspectors: '此项未被服务器接受（服务器说明：Too big）',
    })
    expect(inChinese(outletVisitServerErrors(new HttpError(404, { code: 'not_found' }), t))).toEqual({
      form: '该网点不存在或不在您的管辖范围内；本次未保存，草稿已保留。',
    })
    const reused = outletVisitServerErrors(new HttpError(409, { error: 'x', code: 'request_id_reused' }), t)
    expect(inChinese(reused).form).toContain('此次保存的编号已用于另一条检查记录')
  })
})
