/**
 * The photos of an unsent inspection draft, kept in IndexedDB (localStorage holds only text) so a
 * lost connection or a reload loses none of them. Each photo is resized on the device first: a
 * phone's 4–12 MB picture becomes a JPEG of about 1600 px, a few hundred kB to upload.
 */

import { photoLimits } from '../../../lib/limits.ts'

export type DraftPhoto = { id: string; blob: Blob; width: number; height: number }
type StoredPhoto = DraftPhoto & { draft: string }

/** Why a chosen file was not taken: shown per hazard in the officer's language. */
export type PhotoProblem = 'notImage' | 'tooLarge' | 'tooMany'

/** The server's limits (lib/limits.ts) and what only the phone decides (quality, source size). */
export const photoRules = {
  longSide: photoLimits.longSide,
  quality: 0.85,
  /** The server keeps at most this many photos per hazard and stage. */
  maxPerHazard: photoLimits.maxPerHazardStage,
  /** A file this big is no phone photo; decoding it could exhaust the phone's memory. */
  maxSourceBytes: 40 * 1024 * 1024,
  /** The server's limit on one uploaded photo. */
  maxUploadBytes: photoLimits.maxUploadBytes,
}

export const newId = () =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`

/** A JPEG of the picture, upright, its long side at most photoRules.longSide; a problem otherwise. */
export async function resizePhoto(file: Blob): Promise<Omit<DraftPhoto, 'id'> | PhotoProblem> {
  if (file.size > photoRules.maxSourceBytes) return 'tooLarge'
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    return 'notImage'
  }
  const scale = Math.min(1, photoRules.longSide / Math.max(bitmap.width, bitmap.height))
  const width = Math.max(1, Math.round(bitmap.width * scale))
  const height = Math.max(1, Math.round(bitmap.height * scale))
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d')!
  context.fillStyle = '#fff'
  context.fillRect(0, 0, width, height)
  context.drawImage(bitmap, 0, 0, width, height)
  bitmap.close()
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', photoRules.quality))
  if (!blob) return 'notImage'
  if (blob.size > photoRules.maxUploadBytes) return 'tooLarge'
  return { blob, width, height }
}

const dbName = 'sheyang-drafts'
const storeName = 'photos'

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, 1)
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(storeName, { keyPath: 'id' })
      store.createIndex('draft', 'draft')
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'))
  })
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T> {
  const db = await open()
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(storeName, mode)
      const request = work(tx.objectStore(storeName))
      tx.oncomplete = () => resolve(request ? request.result : (undefined as T))
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'))
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'))
    })
  } finally {
    db.close()
  }
}

/** The draft's photos by id (`draft` is the draft's key, e.g. the grid code). */
export async function loadDraftPhotos(draft: string): Promise<Map<string, DraftPhoto>> {
  const rows = await run<StoredPhoto[]>('readonly', (store) => store.index('draft').getAll(draft))
  return new Map(rows.map(({ draft: _draft, ...photo }) => [photo.id, photo]))
}

export const saveDraftPhoto = (draft: string, photo: DraftPhoto) =>
  run('readwrite', (store) => void store.put({ ...photo, draft }))

export const deleteDraftPhoto = (id: string) => run('readwrite', (store) => void store.delete(id))

/** Forgets every photo of the draft: after the server saved it, or when it is discarded. */
export const clearDraftPhotos = (draft: string) =>
  run('readwrite', (store) => {
    const cursor = store.index('draft').openKeyCursor(IDBKeyRange.only(draft))
    cursor.onsuccess = () => {
      if (!cursor.result) return
      store.delete(cursor.result.primaryKey)
      cursor.result.continue()
    }
  })
