/** A compact, human-readable logger for `npm start` (Lambda uses Powertools' JSON logger). */
import type { Logger } from '../core/ports.js';

const ORDER = ['debug', 'info', 'warn', 'error'] as const;
type Level = (typeof ORDER)[number];

export function consoleLogger(
  name: string,
  minimum: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const threshold = ORDER.indexOf(minimum.toLowerCase() as Level);
  const log = (level: Level) => (message: string, details?: Record<string, unknown>) => {
    if (ORDER.indexOf(level) < threshold) return;
    const time = new Date().toISOString().slice(11, 19);
    const extra = details && Object.keys(details).length > 0 ? ` ${JSON.stringify(details)}` : '';
    write(`${time} ${level.toUpperCase().padEnd(5)} [${name}] ${message}${extra}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Drops everything; for tests that assert on behaviour, not logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
