/**
 * Hands a unit of work to the queue at most once per key. Slack retries a delivery it thinks we
 * missed (`X-Slack-Retry-Num`), with the same `event_id`; a second claim of the same key finds
 * the first and does nothing. If the hand-off itself fails the claim is released, so Slack's retry
 * is accepted instead of lost.
 */
import type { IdempotencyStore, Queue } from '../ports.js';

/** Slack retries for up to about an hour; keys are kept for a day. */
export const ACCEPTED_KEY_TTL_SECONDS = 24 * 60 * 60;

export type AcceptResult = 'accepted' | 'duplicate';

export async function acceptOnce<T>(
  dependencies: { idempotency: IdempotencyStore; queue: Queue<T> },
  key: string,
  body: T,
): Promise<AcceptResult> {
  const first = await dependencies.idempotency.claim(`accept:${key}`, ACCEPTED_KEY_TTL_SECONDS);
  if (!first) return 'duplicate';
  try {
    await dependencies.queue.send({ id: key, body });
  } catch (error) {
    await dependencies.idempotency.release(`accept:${key}`);
    throw error;
  }
  return 'accepted';
}
