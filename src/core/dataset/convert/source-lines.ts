/**
 * The source line of each line of a file tune wrote from a person's file (a CSV row, a JSON array
 * element), so that the validation of the written file cites the lines the person wrote: a
 * duplicate in a CSV names the CSV's rows, not lines of a file they never saw. Text cut into chunks
 * has no single source line; one such line turns the mapping off, and lines are cited as written.
 * Used by `tune convert` and by the Slack intake alike.
 */
export class SourceLines {
  /** The source line of each line written, in order; undefined once one had none. */
  private sources: number[] | undefined = [];

  /** Records the source line of the next line written. */
  add(sourceLine: number | undefined): void {
    if (sourceLine === undefined) this.sources = undefined;
    else this.sources?.push(sourceLine);
  }

  /** Line n of the written file → the source line it came from; undefined when some line has none. */
  get mapping(): ((line: number) => number) | undefined {
    const sources = this.sources;
    return sources && sources.length > 0 ? (line) => sources[line - 1] ?? line : undefined;
  }
}
