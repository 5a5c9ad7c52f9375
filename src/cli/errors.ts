/** The CLI's one error mapper: core error codes to a line a person can act on. */
import { isTuneError } from '../core/errors.js';

export function describeError(error: unknown): string {
  if (isTuneError(error)) return error.message;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const code = error.code;
    if (code === 'ENOENT') return `no such file: ${(error as NodeJS.ErrnoException).path ?? ''}`;
    if (code === 'EACCES') return `permission denied: ${(error as NodeJS.ErrnoException).path ?? ''}`;
    if (code === 'EISDIR')
      return `is a directory, not a file: ${(error as NodeJS.ErrnoException).path ?? ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
