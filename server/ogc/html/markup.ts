/**
 * HTML built by a tagged template that escapes every interpolated value unless it is already
 * markup: names, addresses and filters are user text, so nothing reaches a page unescaped by
 * accident. `html\`<td>${value}</td>\`` is safe for any value; only `Markup` passes through.
 */
export class Markup {
  constructor(readonly text: string) {}
  toString() {
    return this.text
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for an element's content or a quoted attribute value. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => entities[char]!)

type Value = Markup | string | number | boolean | null | undefined | readonly Value[]

const render = (value: Value): string =>
  value instanceof Markup
    ? value.text
    : Array.isArray(value)
      ? value.map(render).join('')
      : value === null || value === undefined || value === false
        ? ''
        : escapeHtml(String(value))

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let text = strings[0]!
  values.forEach((value, index) => (text += render(value) + strings[index + 1]!))
  return new Markup(text)
}

/**
 * Data for the map as a JSON data block (`<script type="application/json">`, which a browser never
 * runs and CSP does not govern). `<`, `>` and `&` are written as \u escapes, so no value can close
 * the element or open a comment; U+2028/2029 likewise, for older JSON readers.
 */
export function jsonBlock(id: string, value: unknown): Markup {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  return new Markup(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`)
}
