// A site's rooms as typed: one a line (or separated by commas), trimmed,
// blanks and repeats dropped, in the order given.
export function roomList(s: string): string[] {
  return [
    ...new Set(
      s
        .split(/[\n,，]/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ]
}
