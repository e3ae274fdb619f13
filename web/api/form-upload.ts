import { HttpError, UnreachableError, pageToken, type ApiClient } from './client.ts'

/**
 * A write with a multipart/form-data body (photos), answered like ApiClient.send: 4xx → HttpError,
 * no answer or 5xx → UnreachableError (and the client turns stale until /healthz answers again).
 * The browser sets the multipart boundary itself, so this cannot go through `send`'s JSON body.
 */
export async function sendForm<T>(path: string, form: FormData, client: ApiClient): Promise<T> {
  const token = pageToken()
  let response: Response
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: form,
    })
    if (response.status >= 500) throw new Error(`HTTP ${response.status}`)
  } catch (error) {
    client.markUnreachable()
    throw new UnreachableError(error instanceof Error ? error.message : String(error))
  }
  const answer: unknown = await response.json().catch(() => null)
  if (!response.ok) throw new HttpError(response.status, answer, response.headers)
  return answer as T
}
