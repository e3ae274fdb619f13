/** A share in [0, 1] as a whole percentage ("87%"), or "—" when there is none. */
export const percent = (share: number | null | undefined) =>
  share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`
