// DESIGN §5: no glyph server. With no `glyphs` URL in the style, MapLibre draws every glyph
// (CJK, Latin and digits alike) with the browser's local fonts via TinySDF; these stacks are CSS
// font families, tried in order. The first name also sets the weight (…Bold → bold).
const families = ['Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif']

export const localIdeographFontFamily = families
  .map((family) => (family.includes(' ') ? `'${family}'` : family))
  .join(', ')
export const regularFont = families
export const boldFont = ['Noto Sans CJK SC Bold', ...families]
