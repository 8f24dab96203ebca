// Sizes no logged response reaches: past them a row is hostile or the format guess is wrong, and holding it
// would exhaust memory. Readers check them while streaming, before the bytes are kept.

/** The largest CSV record or NDJSON line, in bytes. */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** The most delimiters one CSV line may hold (each becomes a field, which costs memory even when empty). */
export const MAX_FIELDS_PER_LINE = 100_000;
