/** Bolt's logger interface over ours, so Bolt's own messages land in the same structured log. */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../core/ports.js';

export function boltLogger(logger: Logger, name = 'bolt'): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const order = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];
  const enabled = (wanted: LogLevel) => order.indexOf(wanted) >= order.indexOf(level);
  const join = (parts: unknown[]) =>
    parts.map((part) => (typeof part === 'string' ? part : String(part))).join(' ');
  return {
    debug: (...parts) => enabled(LogLevel.DEBUG) && logger.debug(join(parts), { source: name }),
    info: (...parts) => enabled(LogLevel.INFO) && logger.info(join(parts), { source: name }),
    warn: (...parts) => enabled(LogLevel.WARN) && logger.warn(join(parts), { source: name }),
    error: (...parts) => enabled(LogLevel.ERROR) && logger.error(join(parts), { source: name }),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
