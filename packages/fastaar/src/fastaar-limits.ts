// Fastaar's limits as paymux applies them. Kept apart from the zod input
// schemas, so the mapping code can read them without loading zod.

/** The most metadata values Fastaar stores on a payment. */
export const MAX_METADATA_VALUES = 20

/** The most payments one `GET /payments` page returns (`per_page`). */
export const MAX_PAGE_SIZE = 100

/** The page size when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 25

/** The longest reference paymux sends; Fastaar documents no limit, 255 is the conservative reading. */
export const MAX_REFERENCE_LENGTH = 255
