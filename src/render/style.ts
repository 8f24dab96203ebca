/** Text styling the renderers may use; the CLI decides whether it colours anything. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
}

const identity = (text: string): string => text;

/** No colour: for tests, pipes, JSON, Markdown and HTML. */
export const plainStyle: Style = { bold: identity, dim: identity, red: identity, yellow: identity, green: identity };
