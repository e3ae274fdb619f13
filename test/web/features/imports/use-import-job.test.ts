// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { ImportJob } from '../../../../web/api/imports.ts'
import { useImportJob, type ImportJobHandle } from '../../../../web/features/imports/use-import-job.ts'
import { translate, type MessageKey } from '../../../../web/i18n/messages.ts'
import { zhCN } from '../../../../web/i18n/zh-CN.ts'

const t = (key: MessageKey, params?: Record<string, string | number>) => translate(zhCN, key, params)

const job = (patch: Partial<ImportJob> = {}): ImportJob => ({
  id: 9,
  layer: 'enterprises',
  file_name: '企业.csv',
  format: 'csv',
  status: 'reading',
  crs: null,
  crs_guess: null,
  encoding: null,
  columns: [],
  mapping: {},
  row_count: 0,
  summary: null,
  failure: null,
  version: 1,
  created_at: '2026-12-01T06:00:00.000Z',
  committed_at: null,
  ...patch,
})

/** An EventSource the test drives: `emit` sends a named event, `fail` drops the stream. */
class FakeStream extends EventTarget {
  closed = false
  onerror: (() => void) | null = null
  constructor(readonly url: string) {
    super()
  }
  emit(type: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(type, { data: JSON.stringify(data) }))
  }
  close() {
    this.closed = true
  }
}

let streams: FakeStream[]
let requests: { method: string; url: string; body: unknown }[]
let answers: Response[]

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

beforeEach(() => {
  setActivePinia(createPinia())
  streams = []
  requests = []
  answers = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const body =
      init.body instanceof FormData ? Object.fromEntries(init.body) : init.body && JSON.parse(String(init.body))
    requests.push({ method: init.method ?? 'GET', url, body })
    return answers.shift() ?? json(500, {})
  })
})
afterEach(() => vi.unstubAllGlobals())

function mountJob() {
  let handle!: ImportJobHandle
  const wrapper = mount(
    defineComponent({
      setup() {
        handle = useImportJob(t, (url) => {
          const stream = new FakeStream(url)
          streams.push(stream)
          return stream as unknown as EventSource
        })
        return () => h('div')
      },
    }),
  )
  return { handle, wrapper }
}

test('an upload follows the job’s stream: progress, then the ready job, after which the stream is closed', async () => {
  const { handle } = mountJob()
  answers.push(json(202, job()))
  const file = new File(['名称\r\n甲\r\n'], '企业.csv', { type: 'text/csv' })
  expect(await handle.upload({ file, layer: 'enterprises', crs: 'GCJ02', encoding: 'gbk' })).toBe(true)
  expect(requests[0]).toMatchObject({
    method: 'POST',
    url: '/api/imports',
    body: { layer: 'enterprises', crs: 'GCJ02', encoding: 'gbk' },
  })
  expect((requests[0]!.body as { file: File }).file.name).toBe('企业.csv')
  expect(streams.map((stream) => stream.url)).toEqual(['/api/imports/9/progress'])

  streams[0]!.emit('progress', { phase: 'reading', done: 200, total: null })
  expect(handle.progress.value).toEqual({ phase: 'reading', done: 200, total: null })
  streams[0]!.emit('job', job({ status: 'checking', version: 2 }))
  expect(handle.job.value?.status).toBe('checking')
  expect(streams[0]!.closed).toBe(false)
  streams[0]!.emit('job', job({ status: 'ready', version: 3 }))
  expect(handle.job.value?.status).toBe('ready')
  expect(handle.progress.value).toBeNull()
  expect(streams[0]!.closed).toBe(true)
})

test('a mapping change PATCHes with the job’s version and follows the re-check', async () => {
  const { handle } = mountJob()
  handle.show(job({ status: 'ready', version: 4, mapping: { 名称: null } }))
  expect(streams).toEqual([])
  answers.push(json(202, job({ status: 'checking', version: 5, mapping: { 名称: 'name' } })))
  await handle.change({ mapping: { 名称: 'name' } })
  expect(requests[0]).toEqual({
    method: 'PATCH',
    url: '/api/imports/9',
    body: { version: 4, mapping: { 名称: 'name' } },
  })
  expect(handle.job.value?.version).toBe(5)
  expect(streams).toHaveLength(1)
})

test('a refused commit keeps the job and says why in Chinese; a stale version fetches the job again', async () => {
  const { handle } = mountJob()
  handle.show(job({ status: 'ready', version: 4 }))
  answers.push(json(422, { error: 'the import has errors', code: 'import_has_errors' }))
  expect(await handle.commit()).toBe(false)
  expect(handle.error.value).toBe(zhCN.imports.errors.import_has_errors)
  expect(handle.job.value?.status).toBe('ready')

  answers.push(json(409, { error: 'stale', code: 'stale_version', details: { current: 6 } }))
  answers.push(json(200, job({ status: 'ready', version: 6 })))
  await handle.commit()
  await flushPromises()
  expect(handle.error.value).toBe(zhCN.imports.errors.stale_version)
  expect(requests.map((request) => `${request.method} ${request.url}`).slice(-2)).toEqual([
    'POST /api/imports/9/commit',
    'GET /api/imports/9',
  ])
  expect(handle.job.value?.version).toBe(6)
})

test('a dropped stream asks for the job and follows it again while the server works', async () => {
  vi.useFakeTimers()
  try {
    const { handle, wrapper } = mountJob()
    handle.show(job({ status: 'checking', version: 2 }))
    answers.push(json(200, job({ status: 'checking', version: 2 })))
    streams[0]!.onerror?.()
    expect(streams[0]!.closed).toBe(true)
    await vi.advanceTimersByTimeAsync(1600)
    expect(requests.map((request) => request.url)).toEqual(['/api/imports/9'])
    expect(streams).toHaveLength(2)
    wrapper.unmount()
    expect(streams[1]!.closed).toBe(true)
  } finally {
    vi.useRealTimers()
  }
})

test('discarding deletes the job and goes back to choosing a file', async () => {
  const { handle } = mountJob()
  handle.show(job({ status: 'ready' }))
  answers.push(new Response(null, { status: 204 }))
  await handle.discard()
  expect(requests[0]).toMatchObject({ method: 'DELETE', url: '/api/imports/9' })
  expect(handle.job.value).toBeNull()
})
