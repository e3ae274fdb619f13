import { onBeforeUnmount, reactive, ref, shallowReactive, type Ref } from 'vue'
import { useI18n } from '../../../i18n/use-i18n.ts'
import {
  clearDraftPhotos,
  deleteDraftPhoto,
  loadDraftPhotos,
  newId,
  photoRules,
  resizePhoto,
  saveDraftPhoto,
  type DraftPhoto,
} from '../draft-photos.ts'
import type { InspectionDraft } from './inspection-draft.ts'

/**
 * The photos of an inspection draft's hazards: their bytes in IndexedDB (so a reload keeps them)
 * and here with an object URL for the thumbnail. The draft itself holds only their ids and sizes.
 */
export function useDraftPhotos(gridCode: string, draft: Ref<InspectionDraft>) {
  const { t } = useI18n()
  const photos = shallowReactive(new Map<string, DraftPhoto & { url: string }>())
  /** Per hazard (by index): why a chosen file was not added. */
  const problems = reactive<Record<number, string[]>>({})
  /** Files being resized; the form waits for them before sending. */
  const processing = ref(0)

  function keep(photo: DraftPhoto) {
    photos.set(photo.id, { ...photo, url: URL.createObjectURL(photo.blob) })
  }
  function forget(id: string) {
    const photo = photos.get(id)
    if (photo) URL.revokeObjectURL(photo.url)
    photos.delete(id)
  }
  onBeforeUnmount(() => [...photos.keys()].forEach(forget))
  if (draft.value.hazards.some((h) => (h.photos ?? []).length > 0)) {
    loadDraftPhotos(gridCode)
      .then((found) => {
        found.forEach(keep)
        // A photo the device no longer has is dropped from the draft rather than sent empty.
        for (const hazard of draft.value.hazards) hazard.photos = (hazard.photos ?? []).filter((p) => found.has(p.id))
      })
      .catch(() => {
        for (const hazard of draft.value.hazards) hazard.photos = []
      })
  }

  async function add(i: number, files: File[]) {
    const hazard = draft.value.hazards[i]!
    hazard.photos ??= []
    const found: string[] = []
    processing.value++
    try {
      for (const file of files) {
        if (hazard.photos.length >= photoRules.maxPerHazard) {
          found.push(t('inspection.photos.tooMany', { max: photoRules.maxPerHazard }))
          break
        }
        const resized = await resizePhoto(file)
        if (typeof resized === 'string') {
          found.push(t(`inspection.photos.${resized}`, { name: file.name, max: photoRules.maxPerHazard }))
          continue
        }
        const photo = { id: newId(), ...resized }
        try {
          await saveDraftPhoto(gridCode, photo)
        } catch {
          found.push(t('inspection.photos.storeFailed'))
        }
        keep(photo)
        hazard.photos.push({ id: photo.id, width: photo.width, height: photo.height })
      }
    } finally {
      processing.value--
    }
    problems[i] = found
  }

  function remove(i: number, id: string) {
    const hazard = draft.value.hazards[i]!
    hazard.photos = (hazard.photos ?? []).filter((p) => p.id !== id)
    forget(id)
    void deleteDraftPhoto(id).catch(() => {})
  }

  function removeHazard(i: number) {
    for (const photo of draft.value.hazards[i]!.photos ?? []) remove(i, photo.id)
    draft.value.hazards.splice(i, 1)
    delete problems[i]
  }

  /** After a save or a discard: nothing of this draft stays on the device. */
  function forgetAll() {
    ;[...photos.keys()].forEach(forget)
    void clearDraftPhotos(gridCode).catch(() => {})
  }

  /** Each hazard's photo bytes, in the draft's order, for the upload. */
  const blobs = () =>
    draft.value.hazards.map((h) =>
      (h.photos ?? []).flatMap((p) => {
        const photo = photos.get(p.id)
        return photo ? [photo.blob] : []
      }),
    )

  return { photos, problems, processing, add, remove, removeHazard, forgetAll, blobs }
}

export type DraftPhotos = ReturnType<typeof useDraftPhotos>
