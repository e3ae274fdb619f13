import { ref } from 'vue'
import { useI18n } from '../../i18n/use-i18n.ts'
import { refusalCode, settingErrorText } from './settings-errors.ts'

/**
 * The editing state of one settings or targets row and its save: a saved row closes with "已保存"
 * and hands the server's answer on; a refusal shows its sentence, and a stale version closes the
 * editor and asks the view to fetch the rows again.
 */
export function useRowSave<T>(emitSaved: (saved: T) => void, emitReload: () => void) {
  const { t } = useI18n()
  const editing = ref(false)
  const message = ref<{ text: string; bad: boolean } | null>(null)
  const saving = ref(false)

  async function send(write: () => Promise<T>) {
    saving.value = true
    try {
      const saved = await write()
      editing.value = false
      message.value = { text: t('settings.saved'), bad: false }
      emitSaved(saved)
    } catch (error) {
      message.value = { text: settingErrorText(error, t), bad: true }
      if (refusalCode(error) === 'stale_version') {
        editing.value = false
        emitReload()
      }
    } finally {
      saving.value = false
    }
  }

  return { editing, message, saving, send }
}
