/** Output formats of the report. */
export const OUTPUT_FORMATS = ['table', 'json'] as const;

/** One of OUTPUT_FORMATS. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
