/**
 * The Start button of a proposal. Only an authorized person may press it; the proposal moves
 * from proposed to confirmed with a conditional write, so of two presses (or one press Slack
 * delivers twice) exactly one starts the job; the other is told who got there first.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { JobStateConflictError, NotFoundError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { acceptOnce } from '../../../core/work/accept.js';
import { proposalMessage } from '../../blocks/proposal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { buttonPress } from './interaction.js';

export function startConfirm(dependencies: SlackEdgeDependencies) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const press = buttonPress(body, action);
    if (!press) return;
    try {
      const proposal = await dependencies.proposals.get(press.value);
      if (!proposal)
        throw new NotFoundError(
          'This proposal expired (after 7 days) or never existed. Run `/tune start` again.',
        );
      if (proposal.status !== 'proposed') {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text:
            proposal.status === 'confirmed'
              ? `<@${proposal.confirmedBy}> already started this job.`
              : 'This proposal was cancelled.',
        });
        return;
      }
      await requireAuthorized(
        { userId: press.userId, channelId: press.channelId, action: 'start training jobs' },
        dependencies.authorization,
        dependencies.directory,
      );
      const confirmed = {
        ...proposal,
        status: 'confirmed' as const,
        confirmedBy: press.userId,
        confirmedAt: dependencies.clock.now().toISOString(),
      };
      try {
        await dependencies.proposals.update(confirmed, 'proposed');
      } catch (error) {
        if (!(error instanceof JobStateConflictError)) throw error;
        const current = await dependencies.proposals.get(proposal.proposalId);
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: current?.confirmedBy
            ? `<@${current.confirmedBy}> already started this job.`
            : 'Someone else answered this proposal first.',
        });
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
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: userMessageFor(error, dependencies.logger),
      });
    }
  };
}
