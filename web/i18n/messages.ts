import type { zhCN } from './zh-CN.ts'

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }

/** The shape every language's messages share: zh-CN's keys, any strings. */
export type Messages = Widen<typeof zhCN>

type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>
}[keyof T & string]

/** A dotted key into the messages, e.g. 'layers.grids'. */
export type MessageKey = Paths<Messages>

export type Locale = 'zh-CN' | 'en'

/** Looks a dotted key up and fills `{name}` placeholders; an unknown key comes back as itself. */
export function translate(messages: Messages, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = messages
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  if (typeof node !== 'string') return key
  return node.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}
