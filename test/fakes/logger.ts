import type { Logger } from '../../src/core/ports.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  details?: Record<string, unknown>;
}

/** Keeps every log line so tests can assert on what was logged (and keep output quiet). */
export class RecordingLogger implements Logger {
  readonly entries: LogEntry[] = [];
  debug(message: string, details?: Record<string, unknown>): void {
    this.entries.push({ level: 'debug', message, ...(details ? { details } : {}) });
  }
  info(message: string, details?: Record<string, unknown>): void {
    this.entries.push({ level: 'info', message, ...(details ? { details } : {}) });
  }
  warn(message: string, details?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, ...(details ? { details } : {}) });
  }
  error(message: string, details?: Record<string, unknown>): void {
    this.entries.push({ level: 'error', message, ...(details ? { details } : {}) });
  }
}
