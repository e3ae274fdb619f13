import { computed, ref } from 'vue'
import { en } from './en.ts'
import { translate, type Locale, type MessageKey, type Messages } from './messages.ts'
import { zhCN } from './zh-CN.ts'

const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN, en }
const storageKey = 'sheyang.locale'

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(storageKey)
  return saved === 'en' ? 'en' : 'zh-CN'
}

const locale = ref<Locale>(initialLocale())

/** The UI language (zh-CN by default) and `t` for its text. */
export function useI18n() {
  const messages = computed(() => catalogs[locale.value])
  function t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(messages.value, key, params)
  }
  /** For keys built from data values, e.g. `sector.${value}`: falls back to the value itself. */
  function tv(prefix: string, value: string | null | undefined): string {
    if (value == null || value === '') return '—'
    const text = translate(messages.value, `${prefix}.${value}`)
    return text === `${prefix}.${value}` ? value : text
  }
  function setLocale(next: Locale) {
    locale.value = next
    globalThis.localStorage?.setItem(storageKey, next)
    if (globalThis.document) document.documentElement.lang = next
  }
  return { locale, t, tv, setLocale }
}
