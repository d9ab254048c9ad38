// Photos are made small in the page before they are queued: a phone's
// 12-megapixel shot is 3–6 MB, a village's signal carries a few hundred
// kilobytes a minute. The long side goes to 1,920 px and the picture to
// JPEG at quality 0.8 (some 300–700 KB), turned upright from its EXIF
// orientation; the EXIF itself (the phone's GPS position among it) does not
// survive the canvas. Should that still be over the server's image limit,
// quality and then size come down until it fits. A photo the browser cannot
// decode (HEIC outside Safari) is sent as it is: the server takes it.
import { useAuthStore } from '@/api/session'

/** The long side of a compressed photo, in pixels. */
export const MAX_SIDE = 1920
/** The JPEG quality tried first. */
export const QUALITY = 0.8
/** Below these compressPhoto stops making it smaller and sends what it has. */
export const MIN_QUALITY = 0.5
export const MIN_SIDE = 800
/** The server's limit when its meta cannot be read (config's default). */
const DEFAULT_LIMIT_MB = 10

/** One way to encode: the long side and the JPEG quality. */
export interface Try {
  side: number
  quality: number
}

/** fitSize scales width×height so that the long side is at most side, keeping the shape; never up. */
export function fitSize(width: number, height: number, side: number = MAX_SIDE): { width: number; height: number } {
  const long = Math.max(width, height)
  if (long <= side) return { width, height }
  const k = side / long
  return { width: Math.max(1, Math.round(width * k)), height: Math.max(1, Math.round(height * k)) }
}

/** firstTry is how a photo of width×height is encoded first. */
export function firstTry(width: number, height: number): Try {
  return { side: Math.min(MAX_SIDE, Math.max(width, height)), quality: QUALITY }
}

/**
 * nextTry is the next way to encode after one came out at size bytes, or
 * undefined when that one will do: it fits the limit, or there is no
 * smaller way worth sending. Quality steps down by 0.1 to 0.5; then the
 * side shrinks by the root of the overshoot (bytes go with the area) and
 * quality starts again at 0.7.
 */
export function nextTry(t: Try, size: number, limit: number): Try | undefined {
  if (size <= limit) return undefined
  if (t.quality - 0.1 >= MIN_QUALITY - 1e-9) return { side: t.side, quality: Math.round((t.quality - 0.1) * 10) / 10 }
  if (t.side <= MIN_SIDE) return undefined
  const side = Math.max(MIN_SIDE, Math.floor(t.side * Math.min(0.9, Math.sqrt(limit / size))))
  return { side, quality: 0.7 }
}

/** imageLimit is the server's largest photo in bytes (GET /api/v1/meta). */
export async function imageLimit(): Promise<number> {
  const meta = await useAuthStore().loadMeta()
  return (meta?.limits.attachment_image_mb ?? DEFAULT_LIMIT_MB) * 1024 * 1024
}

interface Decoded {
  source: CanvasImageSource
  width: number
  height: number
  close: () => void
}

// decode reads a photo upright: createImageBitmap where it takes the EXIF
// orientation, else an <img> (browsers turn it by its EXIF too)
async function decode(file: Blob): Promise<Decoded | undefined> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' })
      return { source: bmp, width: bmp.width, height: bmp.height, close: () => bmp.close() }
    } catch {
      // an older engine without the option, or a format it cannot read: try <img>
    }
  }
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    if (!img.naturalWidth || !img.naturalHeight) throw new Error('not decoded')
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, close: () => URL.revokeObjectURL(url) }
  } catch {
    URL.revokeObjectURL(url)
    return undefined
  }
}

function encode(img: Decoded, t: Try): Promise<Blob> {
  const { width, height } = fitSize(img.width, img.height, t.side)
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) return Promise.reject(new Error('no 2D canvas'))
  // a PNG's transparency would turn black in a JPEG
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, width, height)
  ctx.imageSmoothingQuality = 'high'
  ctx.drawImage(img.source, 0, 0, width, height)
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the photo could not be encoded'))), 'image/jpeg', t.quality),
  )
}

/** compressPhoto makes a photo ready to queue (see above); a photo it cannot decode comes back as it is. */
export async function compressPhoto(file: File): Promise<Blob> {
  const img = await decode(file)
  if (!img) return file
  try {
    const limit = await imageLimit()
    let t: Try | undefined = firstTry(img.width, img.height)
    let blob: Blob
    do {
      blob = await encode(img, t)
      t = nextTry(t, blob.size, limit)
    } while (t)
    return blob
  } finally {
    img.close()
  }
}
