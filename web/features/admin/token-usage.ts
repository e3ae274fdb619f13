/** The wall display's address on a kiosk token (README: /wall?token=). */
export function wallLink(origin: string, token: string): string {
  return `${origin}/wall?token=${encodeURIComponent(token)}`
}

/** The GDAL command that lists the OGC API's layers with a personal token (README: GDAL / QGIS). */
export function gdalExample(origin: string, token: string): string {
  return `ogrinfo --config GDAL_HTTP_HEADERS "Authorization: Bearer ${token}" OAPIF:${origin}/ogc`
}

/**
 * Copies `text`; the Clipboard API exists only on https or localhost, so a LAN address over
 * http falls back to selecting `field` and the older copy command.
 */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (globalThis.navigator?.clipboard && globalThis.isSecureContext) {
      // A browser that asks the user for permission may never answer: give up after 2 s.
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))
      await Promise.race([navigator.clipboard.writeText(text), timeout])
      return true
    }
  } catch {
    // fall through to the selection
  }
  if (!field) return false
  field.focus()
  field.select()
  return document.execCommand('copy')
}
