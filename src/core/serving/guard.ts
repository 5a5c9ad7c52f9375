/**
 * The cost guard's decisions, as pure functions of an endpoint, its model's last use, the settings
 * and the time. Which endpoints it deletes, and when:
 * - an hourly endpoint (Provisioned Throughput) people ask: `idleTtlMinutes` after its last
 *   question (or after it started serving, or after a Keep press, whichever is latest);
 * - any hourly endpoint: once it has run `maxEndpointHoursPerDay` hours today (UTC);
 * - an evaluation's endpoint, on-demand ones included: `idleTtlMinutes` after it started serving
 *   or the evaluation last asked for it, whichever is later (the backstop if it is never released);
 * - an on-demand deployment people ask: never (no hourly fee).
 * People get a reminder up to {@link REMINDER_LEAD_MS} before a deletion and at least
 * {@link MIN_NOTICE_MS} of notice; if Slack cannot be told, the deletion goes ahead
 * {@link SLACK_GRACE_MS} after the deadline anyway: money is not spent because Slack is down.
 */
import type { ServingSettings } from './deploy.js';
import { type DeleteReason, type Endpoint, isHourly, startOfUtcDay } from './endpoint.js';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;

/** The reminder goes out at most this long before the deadline. */
export const REMINDER_LEAD_MS = 15 * MINUTE_MS;
/** …and the deletion waits at least this long after it (a watch run may come late). */
export const MIN_NOTICE_MS = 10 * MINUTE_MS;
/** Past its deadline by this much, an endpoint is deleted even if no reminder could be posted. */
export const SLACK_GRACE_MS = 30 * MINUTE_MS;
/** What the Keep button gives. */
export const KEEP_MS = 2 * HOUR_MS;

export interface Deadline {
  at: Date;
  reason: Extract<DeleteReason, 'idle' | 'daily-cap' | 'evaluation-backstop'>;
}

export type GuardVerdict =
  | { action: 'none'; deadline?: Deadline }
  /** Tell the channel; `keepable` when Keep can move the deadline (not a daily cap). */
  | { action: 'remind'; deadline: Deadline; keepable: boolean }
  | { action: 'delete'; deadline: Deadline };

const later = (...times: (string | undefined)[]): number =>
  Math.max(...times.filter((time) => time !== undefined).map((time) => Date.parse(time)));

/** When the guard deletes this endpoint and why, or undefined when it never does. */
export function nextDeadline(
  endpoint: Endpoint,
  lastUsedAt: string | undefined,
  settings: Pick<ServingSettings, 'idleTtlMinutes' | 'maxEndpointHoursPerDay'>,
  now: Date,
): Deadline | undefined {
  const ttl = settings.idleTtlMinutes * MINUTE_MS;
  const deadlines: Deadline[] = [];
  if (endpoint.purpose === 'evaluation') {
    const since = endpoint.servingSince ?? endpoint.acceptedAt;
    if (since) {
      deadlines.push({
        at: new Date(Math.max(Date.parse(since) + ttl, later(endpoint.keepUntil))),
        reason: 'evaluation-backstop',
      });
    }
  } else if (isHourly(endpoint) && endpoint.servingSince) {
    const idleFrom = later(endpoint.servingSince, lastUsedAt);
    deadlines.push({
      at: new Date(Math.max(idleFrom + ttl, later(endpoint.keepUntil))),
      reason: 'idle',
    });
  }
  if (isHourly(endpoint) && endpoint.acceptedAt) {
    const countedFrom = Math.max(Date.parse(endpoint.acceptedAt), startOfUtcDay(now).getTime());
    deadlines.push({
      at: new Date(countedFrom + settings.maxEndpointHoursPerDay * HOUR_MS),
      reason: 'daily-cap',
    });
  }
  return deadlines.sort((left, right) => left.at.getTime() - right.at.getTime())[0];
}

/** What the guard does with this endpoint now. Only Creating and Serving endpoints are judged. */
export function guardVerdict(
  endpoint: Endpoint,
  lastUsedAt: string | undefined,
  settings: Pick<ServingSettings, 'idleTtlMinutes' | 'maxEndpointHoursPerDay'>,
  now: Date,
): GuardVerdict {
  if (endpoint.status !== 'Creating' && endpoint.status !== 'Serving') return { action: 'none' };
  const deadline = nextDeadline(endpoint, lastUsedAt, settings, now);
  if (!deadline) return { action: 'none' };
  const at = deadline.at.getTime();
  const time = now.getTime();
  // Nobody answers for an evaluation's endpoint: it is deleted at its deadline, without a reminder.
  if (endpoint.purpose === 'evaluation')
    return time >= at ? { action: 'delete', deadline } : { action: 'none', deadline };
  const reminded =
    endpoint.reminder !== undefined && Date.parse(endpoint.reminder.deadline) === at
      ? endpoint.reminder
      : undefined;
  if (reminded) {
    const deleteAt = Math.max(at, Date.parse(reminded.at) + MIN_NOTICE_MS);
    return time >= deleteAt ? { action: 'delete', deadline } : { action: 'none', deadline };
  }
  if (time >= at + SLACK_GRACE_MS) return { action: 'delete', deadline };
  if (time >= at - REMINDER_LEAD_MS)
    return { action: 'remind', deadline, keepable: deadline.reason === 'idle' };
  return { action: 'none', deadline };
}
