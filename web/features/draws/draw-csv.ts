import type { Draw } from '../../api/draws.ts'

const two = (n: number) => String(n).padStart(2, '0')

/** An ISO instant as the local date and time people write: 2026-10-15 09:30. */
export function localTime(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}`
}

/** One CSV cell: quoted when needed; a leading = + - @ gets a ' so spreadsheets never run it as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value == null ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** Rows to CSV text with CRLF line ends and a UTF-8 BOM, which Excel needs to read Chinese. */
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`
}

type Translate = (key: string, value: string | null | undefined) => string

/**
 * The draw as the 公示 (public announcement) lists it: what was drawn, when, by whom and from
 * which seed, then one row per enterprise. `label` gives the UI text of a key; `value` translates
 * a vocabulary value (`risk`, `sector`).
 */
export function drawCsv(draw: Draw, label: (key: string) => string, value: Translate): string {
  return toCsv([
    [label('draws.csv.name'), draw.name],
    [label('draws.csv.id'), draw.id],
    [label('draws.csv.drawnAt'), localTime(draw.drawn_at)],
    [label('draws.csv.drawnBy'), draw.drawn_by],
    [label('draws.csv.seed'), draw.seed],
    [label('draws.csv.candidates'), draw.candidates],
    [label('draws.csv.plannedOn'), draw.planned_on],
    [],
    [
      label('draws.csv.index'),
      label('draws.csv.enterprise'),
      label('draws.csv.town'),
      label('draws.csv.grid'),
      label('draws.csv.risk'),
      label('draws.csv.sector'),
      label('draws.csv.inspectors'),
    ],
    ...draw.picks.map((pick, i) => [
      i + 1,
      pick.name,
      pick.town_name,
      pick.grid_name,
      value('risk', pick.risk_level),
      value('sector', pick.sector),
      pick.inspectors.join('、'),
    ]),
  ])
}
