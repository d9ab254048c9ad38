// The kinds of venue, in the server's order (its enum).
export const KINDS = ['school', 'market', 'clinic', 'restaurant', 'workplace', 'transport', 'other'] as const
export type Kind = (typeof KINDS)[number]
