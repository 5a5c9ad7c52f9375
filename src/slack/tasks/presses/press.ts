/**
 * What every press handler shares: the press, the record its button names (checked to belong to
 * the channel and team the press came from: a button copied into, or crafted for, another channel
 * acts on nothing), and the answer to the person through the press's `response_url`.
 */
import { NotAuthorizedError, NotFoundError } from '../../../core/errors.js';
import type { Proposal } from '../../../core/jobs/proposal.js';
import type { OutboundMessage } from '../../../core/ports.js';
import type { TaskOf } from '../../tasks.js';
import type { WorkerDependencies } from '../../worker-dependencies.js';

export type Press = TaskOf<'press'>;

export function requireSamePlace(
  press: Press,
  record: { teamId: string; channelId: string },
  dependencies: WorkerDependencies,
): void {
  if (record.teamId === press.teamId && record.channelId === press.channelId) return;
  dependencies.logger.warn('refused a press on a record of another channel', {
    action: press.action,
    value: press.value,
    pressedIn: `${press.teamId}/${press.channelId}`,
  });
  throw new NotAuthorizedError('This button belongs to a message in another channel; use it there.');
}

export async function proposalOfPress(press: Press, dependencies: WorkerDependencies): Promise<Proposal> {
  const proposal = await dependencies.proposals.get(press.value);
  if (!proposal) {
    throw new NotFoundError(
      'This proposal expired (after 7 days) or never existed. Run `/tune start` again.',
    );
  }
  requireSamePlace(press, proposal, dependencies);
  return proposal;
}

/**
 * Answers the person who pressed: privately by default, or by replacing the message the button is
 * in. Presses without a `response_url` (never from Slack itself) are answered ephemerally.
 */
export async function reply(
  press: Press,
  dependencies: WorkerDependencies,
  message: OutboundMessage,
  mode: 'private' | 'replace' = 'private',
): Promise<void> {
  if (!press.responseUrl) {
    await dependencies.notifier.postEphemeral(press.channelId, press.userId, message);
    return;
  }
  await dependencies.notifier.respond(press.responseUrl, {
    ...message,
    responseType: 'ephemeral',
    replaceOriginal: mode === 'replace',
  });
}
