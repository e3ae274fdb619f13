import { describe, expect, test } from 'vitest'
import { createApiClient } from '../../../../web/api/client.ts'
import { registerDefs } from '../../../../web/features/registers/register-defs.ts'
import { useRecordForm } from '../../../../web/features/registers/use-record-form.ts'

type Sent = { method: string; path: string; body: Record<string, unknown> }

/** A client whose server answers each write in turn with the given status and body. */
function fakeServer(answers: { status: number; body: unknown }[]) {
  const sent: Sent[] = []
  const client = createApiClient({
    fetch: (input, init) => {
      sent.push({
        method: init!.method!,
        path: String(input),
        body: (init!.body ? JSON.parse(String(init!.body)) : {}) as Record<string, unknown>,
      })
      const answer = answers.shift()!
      const text = answer.status === 204 ? null : JSON.stringify(answer.body)
      return Promise.resolve(new Response(text, { status: answer.status }))
    },
  })
  return { client, sent }
}

const def = registerDefs['sensitive-sites']
const spec = () => ({ register: def.name, fields: def.fields, shape: def.shape, key: def.key })
const site = {
  id: 12,
  name: '实验小学',
  kind: 'school',
  address: '人民路 1 号',
  lon: 120.2527,
  lat: 33.7751,
  town_code: '320924100',
  grid_code: '320924100001',
  source_crs: null,
  version: 4,
}

describe('useRecordForm: a save, a 409 and the save after it', () => {
  test('an edit PATCHes the changed field with the version read; a moved point goes as typed with its system', async () => {
    const { client, sent } = fakeServer([{ status: 200, body: { ...site, name: '射阳县实验小学', version: 5 } }])
    const form = useRecordForm(spec, client)
    form.open(site)
    form.setField('name', '射阳县实验小学')
    expect(await form.save()).toMatchObject({ version: 5 })
    expect(sent).toEqual([
      { method: 'PATCH', path: '/api/sensitive-sites/12', body: { name: '射阳县实验小学', version: 4 } },
    ])
    expect(form.base.value?.version).toBe(5)

    const moved = fakeServer([{ status: 200, body: { ...site, version: 6 } }])
    const again = useRecordForm(spec, moved.client)
    again.open(site)
    again.typeEntry({ crs: 'EPSG:4549', x: '524000', y: '3737000' })
    await again.save()
    expect(moved.sent[0]!.body).toEqual({ location: { lon: 524000, lat: 3737000, crs: 'EPSG:4549' }, version: 4 })
  })

  test('a 409 loads the current record under the input: the next save sends the new version and only the user’s change', async () => {
    const current = { ...site, address: '人民路 3 号', name: '实验小学（东校区）', version: 7 }
    const { client, sent } = fakeServer([
      { status: 409, body: { error: 'stale', code: 'stale_version', details: { current } } },
      { status: 200, body: { ...current, name: '射阳县实验小学', version: 8 } },
    ])
    const form = useRecordForm(spec, client)
    form.open(site)
    form.setField('name', '射阳县实验小学')
    expect(await form.save()).toBeNull()
    expect(form.refusal.value.general).toBe('stale_version')
    expect(form.form.value).toEqual({ name: '射阳县实验小学', kind: 'school', address: '人民路 3 号' })
    expect(form.conflicts.value).toEqual(['name'])
    await form.save()
    expect(sent[1]).toEqual({
      method: 'PATCH',
      path: '/api/sensitive-sites/12',
      body: { name: '射阳县实验小学', version: 7 },
    })
  })

  test('a new record needs a position; a 422 goes beside the field it names', async () => {
    const { client, sent } = fakeServer([{ status: 422, body: { error: 'bad', code: 'invalid_location' } }])
    const form = useRecordForm(spec, client)
    form.open(null)
    form.setField('name', '幼儿园')
    form.setField('kind', 'kindergarten')
    expect(await form.save()).toBeNull()
    expect(sent).toEqual([])
    expect(form.errorOf('location')).toBe('registers.problem.required')
    form.place([120.2527, 33.7751])
    await form.save()
    expect(sent[0]).toEqual({
      method: 'POST',
      path: '/api/sensitive-sites',
      body: { name: '幼儿园', kind: 'kindergarten', location: { lon: 120.2527, lat: 33.7751 } },
    })
    expect(form.errorOf('location')).toBe('registers.errors.invalid_location')
  })
})

describe('useRecordForm: deleting a sensitive site', () => {
  test('sends the version read; a 409 leaves the record open with the current version', async () => {
    const current = { ...site, version: 9 }
    const { client, sent } = fakeServer([
      { status: 409, body: { error: 'stale', code: 'stale_version', details: { current } } },
      { status: 204, body: null },
    ])
    const form = useRecordForm(spec, client)
    form.open(site)
    expect(await form.remove()).toBe(false)
    expect(form.base.value?.version).toBe(9)
    expect(await form.remove()).toBe(true)
    expect(sent.map((request) => [request.method, request.path])).toEqual([
      ['DELETE', '/api/sensitive-sites/12?version=4'],
      ['DELETE', '/api/sensitive-sites/12?version=9'],
    ])
  })
})
