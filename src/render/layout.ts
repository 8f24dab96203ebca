// Terminal layout: text wrapped at word boundaries, tables fitted to a width, and label/value blocks
// when the terminal is too narrow for a table. A `file:line` is never cut.
import Table from 'cli-table3';

/** A table cell: plain text, or text with a paint (colour) applied to each wrapped line. */
export type Cell = string | { readonly text: string; readonly paint: (line: string) => string };

/** Below this many columns tables become label/value blocks. */
export const STACK_BELOW = 100;
// A column never gets narrower than its longest word, up to this (longer words are broken, file:line never).
const LONGEST_KEPT_WORD = 34;
const FILE_LINE = /^\S+:\d+[,;.)]*$/;

/** `text` wrapped to `width` columns at spaces; a word longer than the width is broken unless it is a file:line. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const indent = /^\s*/.exec(paragraph)?.[0] ?? '';
    const words = paragraph.trim().split(/\s+/).filter(Boolean);
    let line = '';
    const flush = () => {
      out.push(line);
      line = '';
    };
    if (words.length === 0) out.push('');
    for (const word of words) {
      const room = Math.max(1, width - indent.length);
      let rest = word;
      while (rest.length > room && !FILE_LINE.test(rest)) {
        if (line !== '') flush();
        out.push(indent + rest.slice(0, room));
        rest = rest.slice(room);
      }
      const candidate = line === '' ? indent + rest : `${line} ${rest}`;
      if (candidate.length <= width || line === '') line = candidate;
      else {
        flush();
        line = indent + rest;
      }
    }
    if (line !== '') flush();
  }
  return out;
}

/** A paragraph of prose wrapped to the width. */
export function paragraph(text: string, width: number): string {
  return wrap(text, width).join('\n');
}

/** A table fitted to `width` columns; null when even its narrowest layout does not fit (stack it instead). */
export function fittedTable(
  head: readonly string[] | null,
  rows: readonly (readonly Cell[])[],
  width: number,
): string | null {
  const columns = Math.max(head?.length ?? 0, ...rows.map((row) => row.length));
  if (columns === 0) return '';
  const all = [...(head ? [head] : []), ...rows];
  const text = (cell: Cell | undefined) => (cell === undefined ? '' : typeof cell === 'string' ? cell : cell.text);
  const natural: number[] = [];
  const minimum: number[] = [];
  for (let column = 0; column < columns; column++) {
    const cells = all.map((row) => text(row[column]));
    natural.push(2 + Math.max(1, ...cells.flatMap((cell) => cell.split('\n').map((line) => line.length))));
    const longestWord = Math.max(1, ...cells.flatMap((cell) => cell.split(/\s+/).map((word) => word.length)));
    minimum.push(2 + Math.min(longestWord, LONGEST_KEPT_WORD));
  }
  const available = width - (columns + 1);
  if (minimum.reduce((a, b) => a + b, 0) > available) return null;
  const widths = [...minimum];
  let remaining = available - minimum.reduce((a, b) => a + b, 0);
  // Water-filling: columns that need little get all they need, the long ones share what is left equally.
  let open = widths
    .map((_, column) => column)
    .filter((column) => (natural[column] as number) > (widths[column] as number));
  while (remaining > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(remaining / open.length));
    for (const column of [...open].sort(
      (a, b) => (natural[a] as number) - (widths[a] as number) - ((natural[b] as number) - (widths[b] as number)),
    )) {
      const give = Math.min(share, (natural[column] as number) - (widths[column] as number), remaining);
      widths[column] = (widths[column] as number) + give;
      remaining -= give;
    }
    open = open.filter((column) => (natural[column] as number) > (widths[column] as number));
  }
  const lay = (cell: Cell | undefined, column: number) => {
    const lines = wrap(text(cell), (widths[column] as number) - 2);
    return (cell !== undefined && typeof cell !== 'string' ? lines.map(cell.paint) : lines).join('\n');
  };
  const table = new Table({
    ...(head && { head: head.map((cell, column) => lay(cell, column)) }),
    style: { head: [], border: [] },
    colWidths: widths,
    wordWrap: false,
  });
  for (const row of rows) table.push(Array.from({ length: columns }, (_, column) => lay(row[column], column)));
  return table.toString();
}

/** Rows as label/value blocks (one block per row, labels from `head`), for narrow terminals. */
export function stackedBlocks(head: readonly string[], rows: readonly (readonly Cell[])[], width: number): string {
  const labelWidth = Math.min(Math.max(...head.map((label) => label.length)) + 2, Math.floor(width / 2));
  const blocks = rows.map((row) =>
    labelValueLines(
      head.map((label, column) => [label, row[column] ?? ''] as const),
      labelWidth,
      width,
    ),
  );
  return blocks.join('\n\n');
}

/** Label/value pairs, labels in a column, values wrapped beside them. */
export function labelValueLines(
  pairs: readonly (readonly [string, Cell])[],
  labelWidth: number,
  width: number,
): string {
  const out: string[] = [];
  for (const [label, cell] of pairs) {
    const text = typeof cell === 'string' ? cell : cell.text;
    const lines = wrap(text, Math.max(10, width - labelWidth));
    const painted = typeof cell === 'string' ? lines : lines.map(cell.paint);
    // A label as wide as its column still keeps one space before its value.
    const first = label.length >= labelWidth ? `${label} ` : label.padEnd(labelWidth);
    painted.forEach((line, index) => out.push(`${index === 0 ? first : ' '.repeat(labelWidth)}${line}`.trimEnd()));
  }
  return out.join('\n');
}

/** A table at this width, or its rows as blocks when the width is under STACK_BELOW or the table cannot fit. */
export function tableOrBlocks(head: readonly string[], rows: readonly (readonly Cell[])[], width: number): string {
  const table = width >= STACK_BELOW ? fittedTable(head, rows, width) : null;
  return table ?? stackedBlocks(head, rows, width);
}
