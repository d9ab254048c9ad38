// Photos are made smaller on the phone before they are queued: a phone's
// 12-megapixel JPEG of 4–6 MB would take minutes over a village's weak
// network. The long side is cut to MAX_SIDE px and the picture re-encoded
// as JPEG; a file the browser cannot draw (HEIC on some phones) is kept as
// it is and the server takes it as uploaded.

/** The longest side of a photo sent, in px (the 1,920). */
export const MAX_SIDE = 1920
const QUALITY = 0.82

/** fitted is the size of a w×h picture with its long side at most max. */
export function fitted(w: number, h: number, max = MAX_SIDE): { w: number; h: number } {
  const scale = Math.min(1, max / Math.max(w, h))
  return { w: Math.round(w * scale), h: Math.round(h * scale) }
}

/** compressPhoto is the photo as it is sent: at most MAX_SIDE px on its long side, JPEG. */
export async function compressPhoto(file: Blob): Promise<Blob> {
  if (!file.type.startsWith('image/') || typeof createImageBitmap !== 'function') return file
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    return file
  }
  const { w, h } = fitted(bitmap.width, bitmap.height)
  const canvas = document.createElement('canvas')
  canvas.width = w
  canvas.height = h
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, w, h)
  bitmap.close()
  const out = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY))
  return out && (out.size < file.size || file.type !== 'image/jpeg') ? out : file
}
