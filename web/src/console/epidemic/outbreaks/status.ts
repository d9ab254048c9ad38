// An outbreak's status as a tag's colour.
export const STATUS_TAGS = { declared: 'danger', controlled: 'warning', closed: 'info' } as const
