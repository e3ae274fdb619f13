/**
 * `npm run bench -- photos`: what the server spends re-encoding one hazard photo
 * (server/hazards/photo.ts: sniff, decode, orient, bound to 1600 px, strip metadata, JPEG), for
 * what phones send — a photo the app already resized — and for a full-size camera file (an old
 * app, or an upload from a desktop). Medians of 15 after a warm-up; no thresholds.
 */
import sharp from 'sharp'
import { reencodePhoto } from '../../server/hazards/photo.ts'
import { median } from './measure.ts'

/** A noisy image (compresses like a photo, unlike a flat colour) of the given size, as JPEG. */
async function photo(width: number, height: number): Promise<Uint8Array> {
  const pixels = Buffer.alloc(width * height * 3)
  let state = 42
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    pixels[i] = (i % 3) * 60 + (state >> 24)
  }
  return new Uint8Array(
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 90 })
      .toBuffer(),
  )
}

export async function benchPhotos() {
  const cases: [string, Uint8Array][] = [
    ['phone-resized 1600×1200', await photo(1600, 1200)],
    ['camera 4000×3000', await photo(4000, 3000)],
  ]
  for (const [name, bytes] of cases) {
    await reencodePhoto(bytes, name)
    const samples: number[] = []
    let stored = 0
    for (let i = 0; i < 15; i++) {
      const started = performance.now()
      const result = await reencodePhoto(bytes, name)
      samples.push(performance.now() - started)
      stored = result.bytes.byteLength
    }
    console.log(
      `${name}: upload ${(bytes.byteLength / 1024).toFixed(0)} KiB → stored ${(stored / 1024).toFixed(0)} KiB, ` +
        `re-encode median ${median(samples).toFixed(0)} ms (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)})`,
    )
  }
}
