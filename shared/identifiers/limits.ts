/** Longest ID value accepted, in UTF-8 bytes (docs/identifiers.md). Longer values are invalid. */
export const MAX_ID_BYTES = 512;
