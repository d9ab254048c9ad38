// Colours of the key-population tags: one per tag, stable across pages.

/** Text colours readable on a 10% tint of themselves. */
export const TAG_PALETTE = [
  '#d4380d', // red-orange
  '#1d39c4', // blue
  '#08979c', // cyan
  '#c41d7f', // magenta
  '#389e0d', // green
  '#d48806', // gold
  '#531dab', // purple
  '#0958d9', // bright blue
  '#cf1322', // red
  '#7c8a00', // olive
  '#ad4e00', // brown
  '#13a8a8', // teal
]

/** tagColor picks the colour of a tag by its place in the dictionary, or by its code when unknown. */
export function tagColor(code: string, order: readonly string[]): string {
  let i = order.indexOf(code)
  if (i < 0) {
    i = 0
    for (const ch of code) i = (i * 31 + ch.charCodeAt(0)) >>> 0
  }
  return TAG_PALETTE[i % TAG_PALETTE.length]
}

/**
 * The tags the server derives from the birth date (65+, 0–6): shown in lists
 * and filters, never set by hand.
 */
export const DERIVED_TAGS: readonly string[] = ['elderly_65', 'child_0_6']
