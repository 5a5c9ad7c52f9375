/** What a CLI command may touch, injected so tests run commands in-process and read their output. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** Set only when stdout is a terminal, to its width: tables wrap to it (to 100 columns otherwise). */
  stdoutColumns?: number;
  /**
   * Set only when stderr is a terminal, to its width: long work draws a progress bar there. Absent
   * when stderr is piped or captured, where nothing is redrawn.
   */
  stderrColumns?: number;
  /** Milliseconds, to pace progress redraws; Date.now when absent (tests give a fake clock). */
  now?: () => number;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface CliCommand {
  /** One line for `tune --help`. */
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<ExitCode>;
}

/** Thrown by argument parsing; main prints the message and the command's usage, exits 2. */
export class UsageError extends Error {}
