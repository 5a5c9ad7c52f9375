/**
 * The Start button of a proposal. Only an authorized person may press it; the proposal moves
 * from proposed to confirmed with a conditional write, so of two presses (or one press Slack
 * delivers twice) exactly one starts the job; the other is told who got there first.
 */
import { JobStateConflictError, NotFoundError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import type { Proposal } from '../../../core/jobs/proposal.js';
import { acceptOnce } from '../../../core/work/accept.js';
import { proposalMessage } from '../../blocks/proposal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { onButton } from './interaction.js';

function answeredAlready(proposal: Proposal | undefined): string {
  if (proposal?.status === 'cancelled') return 'This proposal was cancelled.';
  return proposal?.confirmedBy
    ? `<@${proposal.confirmedBy}> already started this job.`
    : 'Someone else answered this proposal first.';
}

export function startConfirm(dependencies: SlackEdgeDependencies) {
  return onButton(dependencies, async (press, respond) => {
    const proposal = await dependencies.proposals.get(press.value);
    if (!proposal)
      throw new NotFoundError(
        'This proposal expired (after 7 days) or never existed. Run `/tune start` again.',
      );
    if (proposal.status !== 'proposed') {
      await respond({ response_type: 'ephemeral', replace_original: false, text: answeredAlready(proposal) });
      return;
    }
    await requireAuthorized(
      { userId: press.userId, channelId: press.channelId, action: 'start training jobs' },
      dependencies.authorization,
      dependencies.directory,
    );
    const confirmed: Proposal = {
      ...proposal,
      status: 'confirmed',
      confirmedBy: press.userId,
      confirmedAt: dependencies.clock.now().toISOString(),
    };
    try {
      await dependencies.proposals.update(confirmed, 'proposed');
    } catch (error) {
      if (!(error instanceof JobStateConflictError)) throw error;
      const current = await dependencies.proposals.get(proposal.proposalId);
      await respond({ response_type: 'ephemeral', replace_original: false, text: answeredAlready(current) });
      return;
    }
    try {
      await acceptOnce(dependencies, `start:${proposal.proposalId}`, {
        kind: 'start',
        proposalId: proposal.proposalId,
        channelId: press.channelId,
        userId: press.userId,
      });
    } catch (error) {
      // The job could not be handed over: put the proposal back so the button works again.
      await dependencies.proposals.update(proposal, 'confirmed');
      throw error;
    }
    await respond({ replace_original: true, ...proposalMessage(confirmed, { confirmedBy: press.userId }) });
  });
}
