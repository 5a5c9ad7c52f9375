/**
 * Text tables and paragraphs that fit a terminal's width. Cells wrap after a space or a comma, never
 * inside a word, so that ids and aliases stay whole and can be copied.
 */

/** Width assumed when output is piped or the terminal's is unknown. */
export const DEFAULT_COLUMNS = 100;

/** Characters as a terminal counts them (no wide or combining characters in tune's tables). */
function width(text: string): number {
  return [...text].length;
}

/** Pieces that may end a line: each ends after a space, or a comma not inside a number (4,096). */
function pieces(text: string): string[] {
  return text.split(/(?<= )|(?<=,)(?!\d)/).filter((piece) => piece !== '');
}

/** The narrowest a cell can be without breaking a word. */
function narrowest(text: string): number {
  return Math.max(0, ...pieces(text).map((piece) => width(piece.trimEnd())));
}

/** Greedy word wrap at `columns`; a word longer than that stands alone on its line. */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces(text)) {
    if (line !== '' && width((line + piece).trimEnd()) > columns) {
      lines.push(line.trimEnd());
      line = piece.trimStart();
    } else {
      line += piece;
    }
  }
  if (line.trim() !== '' || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

/** A paragraph wrapped at `columns`, each line after the first indented by `indent`. */
export function wrapParagraph(text: string, columns: number, indent = ''): string {
  const [first = '', ...rest] = wrapText(text, columns);
  const following = rest.join(' ');
  return following === ''
    ? first
    : [first, ...wrapText(following, columns - indent.length).map((line) => `${indent}${line}`)].join('\n');
}

/**
 * Rows (the first is the header) laid out in columns two spaces apart. With `columns`, the widest
 * wrappable column gives up a character at a time until the table fits or every column is at its
 * narrowest; `wrappable[i]` false keeps column i on one line.
 */
export function formatTable(
  rows: readonly (readonly string[])[],
  options: { columns?: number; wrappable?: readonly boolean[] } = {},
): string {
  const count = Math.max(0, ...rows.map((row) => row.length));
  const natural = Array.from({ length: count }, (_, column) =>
    Math.max(0, ...rows.map((row) => width(row[column] ?? ''))),
  );
  const widths = [...natural];
  if (options.columns !== undefined) {
    const floor = natural.map((full, column) =>
      options.wrappable?.[column] === false
        ? full
        : Math.max(0, ...rows.map((row) => narrowest(row[column] ?? ''))),
    );
    const total = () => widths.reduce((sum, value) => sum + value, 0) + 2 * (count - 1);
    // Each step narrows the column that costs the fewest extra lines, to where its text next
    // breaks (the widest on a tie): a long list wraps before a short date does.
    while (total() > options.columns) {
      let best: { column: number; width: number; height: number } | undefined;
      for (let column = 0; column < count; column++) {
        const current = widths[column] ?? 0;
        if (current <= (floor[column] ?? 0)) continue;
        const narrower = Math.max(
          floor[column] ?? 0,
          ...rows.map((row) => Math.max(...wrapText(row[column] ?? '', current - 1).map(width))),
        );
        const trial = widths.map((value, index) => (index === column ? narrower : value));
        const height = tableHeight(rows, trial);
        if (!best || height < best.height || (height === best.height && current > (widths[best.column] ?? 0)))
          best = { column, width: narrower, height };
      }
      if (!best) break;
      widths[best.column] = best.width;
    }
  }
  const lines: string[] = [];
  for (const row of rows) {
    const cells = widths.map((columnWidth, column) => wrapText(row[column] ?? '', columnWidth));
    const height = Math.max(...cells.map((cell) => cell.length));
    for (let index = 0; index < height; index++) {
      lines.push(
        cells
          .map((cell, column) => {
            const text = cell[index] ?? '';
            return column === count - 1 ? text : text + ' '.repeat((widths[column] ?? 0) - width(text));
          })
          .join('  ')
          .trimEnd(),
      );
    }
  }
  return lines.join('\n');
}

function tableHeight(rows: readonly (readonly string[])[], widths: readonly number[]): number {
  let height = 0;
  for (const row of rows)
    height += Math.max(
      ...widths.map((columnWidth, column) => wrapText(row[column] ?? '', columnWidth).length),
    );
  return height;
}
