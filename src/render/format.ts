/** Output formats of the report. */
export const OUTPUT_FORMATS = ['table', 'json', 'markdown', 'html'] as const;

/** One of OUTPUT_FORMATS. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The formats a simulation is written in. */
export const SIMULATION_FORMATS = ['table', 'json'] as const satisfies readonly OutputFormat[];

/** The formats `check` writes its report in (the rule lines are the table). */
export const CHECK_FORMATS = ['table', 'json', 'markdown'] as const satisfies readonly OutputFormat[];
