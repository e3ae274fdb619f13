import { onBeforeUnmount, shallowRef } from 'vue'
import {
  commitImport,
  discardImport,
  fetchImport,
  importProgressUrl,
  patchImport,
  uploadImport,
  type ImportJob,
  type ImportPatch,
  type ImportProgress,
  type ImportUpload,
} from '../../api/imports.ts'
import type { Translate } from '../../api/errors.ts'
import { errorCode, importErrorText } from './import-errors.ts'
import { isFinal } from './import-logic.ts'

export type StreamOpener = (url: string) => EventSource

/**
 * One import on the screen: the job as the server last described it, its progress while the
 * server reads, checks or writes (the job's SSE stream), and the actions on it. A failed action
 * leaves the job as it was (the mapping the user chose stays) and says why in `error`.
 */
export function useImportJob(t: Translate, open: StreamOpener = (url) => new EventSource(url)) {
  const job = shallowRef<ImportJob | null>(null)
  const progress = shallowRef<ImportProgress | null>(null)
  const error = shallowRef('')
  const busy = shallowRef(false)
  let stream: EventSource | null = null
  let retry: ReturnType<typeof setTimeout> | undefined
  let alive = true

  function stop() {
    stream?.close()
    stream = null
    clearTimeout(retry)
  }

  /** Listens to the job's progress until the server reports a final status. */
  function follow(id: number) {
    stop()
    if (!alive) return
    const source = open(importProgressUrl(id))
    stream = source
    source.addEventListener('progress', (event) => {
      progress.value = JSON.parse((event as MessageEvent<string>).data) as ImportProgress
    })
    source.addEventListener('job', (event) => {
      const next = JSON.parse((event as MessageEvent<string>).data) as ImportJob
      if (next.id !== job.value?.id) return
      job.value = next
      if (isFinal(next.status)) {
        progress.value = null
        stop()
      }
    })
    // The stream ended or dropped before a final status: ask for the job, and follow it again.
    source.onerror = () => {
      if (stream !== source) return
      stop()
      retry = setTimeout(() => void refresh(), 1500)
    }
  }

  /** Fetches the job anew and follows it while the server still works on it. */
  async function refresh() {
    const current = job.value
    if (!current) return
    try {
      const next = await fetchImport(current.id)
      if (job.value?.id !== next.id) return
      job.value = next
      if (!isFinal(next.status)) follow(next.id)
      else progress.value = null
    } catch (reason) {
      error.value = importErrorText(reason, t)
      retry = setTimeout(() => void refresh(), 5000)
    }
  }

  /** Runs a request that answers the job (202) and follows it; errors stay on screen. */
  async function act(request: () => Promise<ImportJob | null>): Promise<boolean> {
    busy.value = true
    error.value = ''
    try {
      const next = await request()
      if (next) {
        job.value = next
        progress.value = null
        if (!isFinal(next.status)) follow(next.id)
      }
      return true
    } catch (reason) {
      error.value = importErrorText(reason, t)
      // Someone else changed the job: show theirs (the message says it was refreshed).
      if (errorCode(reason) === 'stale_version') await refresh()
      return false
    } finally {
      busy.value = false
    }
  }

  const upload = (form: ImportUpload) => act(() => uploadImport(form))

  const change = (patch: Omit<ImportPatch, 'version'>) =>
    act(() => patchImport(job.value!.id, { ...patch, version: job.value!.version }))

  const commit = () => act(() => commitImport(job.value!.id, job.value!.version))

  async function discard() {
    const id = job.value?.id
    if (id === undefined) return
    const done = await act(async () => {
      await discardImport(id)
      return null
    })
    if (done) close()
  }

  /** Shows a job of the list: follows it if the server still works on it. */
  function show(next: ImportJob) {
    stop()
    job.value = next
    progress.value = null
    error.value = ''
    if (!isFinal(next.status)) follow(next.id)
  }

  /** Leaves the job (it stays on the server) and goes back to choosing a file. */
  function close() {
    stop()
    job.value = null
    progress.value = null
    error.value = ''
  }

  onBeforeUnmount(() => {
    alive = false
    stop()
  })

  return { job, progress, error, busy, upload, change, commit, discard, show, close, refresh }
}

export type ImportJobHandle = ReturnType<typeof useImportJob>
