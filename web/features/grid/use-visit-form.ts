import { computed, ref, watch, type Ref } from 'vue'
import { HttpError, UnreachableError } from '../../api/client.ts'
import { useI18n } from '../../i18n/use-i18n.ts'
import type { FieldError, FieldErrors } from './inspection/inspection-draft.ts'

/**
 * What the officer's two visit forms share (an enterprise's inspection, an outlet's visit): the
 * draft is kept on the device at every keystroke until the server confirms it (DOMAIN §1: a phone
 * in the field); after a first attempt the messages follow what is typed; a lost connection keeps
 * the draft and offers a retry; a refusal is placed by `refused`.
 */
export function useVisitForm<Draft, Saved>(
  draft: Ref<Draft>,
  steps: {
    keep: (value: Draft) => void
    validate: (value: Draft) => FieldErrors
    send: (value: Draft) => Promise<Saved>
    refused: (error: HttpError) => FieldErrors
    saved: (result: Saved) => void
  },
) {
  const { t } = useI18n()
  const errors = ref<FieldErrors>({})
  const busy = ref(false)
  const unreachable = ref(false)
  const attempted = ref(false)

  watch(
    draft,
    (value) => {
      steps.keep(value)
      if (attempted.value) errors.value = steps.validate(value)
    },
    { deep: true, immediate: true },
  )

  const message = (error: FieldError | undefined) =>
    error === undefined ? '' : 'text' in error ? error.text : t(error.key, error.params)
  const formError = computed(() => message(errors.value.form))

  async function submit() {
    unreachable.value = false
    attempted.value = true
    errors.value = steps.validate(draft.value)
    if (Object.keys(errors.value).length > 0) return
    busy.value = true
    try {
      steps.saved(await steps.send(draft.value))
    } catch (error) {
      if (error instanceof UnreachableError) unreachable.value = true
      else if (error instanceof HttpError) errors.value = steps.refused(error)
      else throw error
    } finally {
      busy.value = false
    }
  }

  return { errors, busy, unreachable, message, formError, submit }
}
