/**
 * A streaming CSV/TSV reader (RFC 4180): quoted cells with `""` escapes, line breaks inside quotes,
 * CRLF or LF rows, a leading byte order mark. Memory is bounded by `maxCellChars` per cell, so a
 * file with a stray quote cannot swallow the rest of the file into one cell unnoticed.
 */
import { InputError } from '../../errors.js';

export interface CsvRow {
  cells: string[];
  /** 1-based line on which the row starts (rows with quoted line breaks span several). */
  line: number;
}

export interface CsvOptions {
  delimiter: ',' | '\t' | ';';
  maxCellChars?: number;
}

const QUOTE = 34;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

export async function* readCsv(chunks: AsyncIterable<string>, options: CsvOptions): AsyncGenerator<CsvRow> {
  const delimiter = options.delimiter.charCodeAt(0);
  const maxCellChars = options.maxCellChars ?? 10_000_000;
  let cells: string[] = [];
  let cell = '';
  let cellParts: string[] = [];
  let cellLength = 0;
  let inQuotes = false;
  /** The previous chunk ended on a quote inside a quoted cell: it may be the first of `""`. */
  let pendingQuote = false;
  let afterQuote = false;
  let line = 1;
  let rowLine = 1;
  let first = true;
  let rowHasContent = false;
  /** The previous chunk ended on CR: a LF starting this one belongs to the same line break. */
  let afterCarriageReturn = false;

  const finishCell = () => {
    cellParts.push(cell);
    cells.push(cellParts.length === 1 ? (cellParts[0] as string) : cellParts.join(''));
    cell = '';
    cellParts = [];
    cellLength = 0;
    afterQuote = false;
  };

  for await (let chunk of chunks) {
    if (first) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    let index = 0;
    const length = chunk.length;
    if (afterCarriageReturn && !inQuotes && chunk.charCodeAt(0) === NEWLINE) {
      index = 1;
      start = 1;
    }
    afterCarriageReturn = false;
    const flushText = (end: number) => {
      if (end > start) {
        cell += chunk.slice(start, end);
        cellLength += end - start;
        if (cellLength > maxCellChars) {
          throw new InputError(
            `line ${rowLine}: a cell is longer than ${maxCellChars.toLocaleString('en-US')} characters; a quote is probably not closed.`,
            { field: 'file' },
          );
        }
        if (cell.length > 65_536) {
          cellParts.push(cell);
          cell = '';
        }
      }
    };
    if (pendingQuote) {
      pendingQuote = false;
      if (chunk.charCodeAt(0) === QUOTE) {
        cell += '"';
        index = 1;
        start = 1;
      } else {
        inQuotes = false;
        afterQuote = true;
      }
    }
    while (index < length) {
      const code = chunk.charCodeAt(index);
      if (inQuotes) {
        if (code === QUOTE) {
          flushText(index);
          if (index + 1 >= length) {
            pendingQuote = true;
            index++;
            start = index;
            continue;
          }
          if (chunk.charCodeAt(index + 1) === QUOTE) {
            cell += '"';
            index += 2;
          } else {
            inQuotes = false;
            afterQuote = true;
            index++;
          }
          start = index;
          continue;
        }
        if (code === NEWLINE) line++;
        index++;
        continue;
      }
      if (code === delimiter) {
        flushText(index);
        finishCell();
        rowHasContent = true;
        index++;
        start = index;
        continue;
      }
      if (code === NEWLINE || code === CARRIAGE_RETURN) {
        flushText(index);
        if (code === CARRIAGE_RETURN) {
          if (index + 1 >= length) afterCarriageReturn = true;
          else if (chunk.charCodeAt(index + 1) === NEWLINE) index++;
        }
        if (rowHasContent || cell.length > 0 || cellParts.length > 0 || afterQuote) {
          finishCell();
          yield { cells, line: rowLine };
        }
        cells = [];
        rowHasContent = false;
        line++;
        index++;
        start = index;
        rowLine = line;
        continue;
      }
      if (code === QUOTE && cell.length === 0 && cellParts.length === 0 && index === start && !afterQuote) {
        inQuotes = true;
        index++;
        start = index;
        continue;
      }
      index++;
    }
    flushText(length);
  }
  if (inQuotes && !pendingQuote) {
    throw new InputError(`line ${rowLine}: a quoted cell is never closed; add the closing quote.`, {
      field: 'file',
    });
  }
  if (rowHasContent || cell.length > 0 || cellParts.length > 0 || afterQuote || pendingQuote) {
    finishCell();
    yield { cells, line: rowLine };
  }
}
