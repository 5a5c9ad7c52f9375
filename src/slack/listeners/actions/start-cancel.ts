/** The Cancel button of a proposal: the person who proposed it, or anyone authorized, may cancel. */
import { JobStateConflictError, NotFoundError } from '../../../core/errors.js';
import { requireAuthorized } from '../../../core/jobs/authorize.js';
import { proposalMessage } from '../../blocks/proposal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { onButton } from './interaction.js';

export function startCancel(dependencies: SlackEdgeDependencies) {
  return onButton(dependencies, async (press, respond) => {
    const proposal = await dependencies.proposals.get(press.value);
    if (!proposal) throw new NotFoundError('This proposal expired or never existed.');
    if (proposal.userId !== press.userId) {
      await requireAuthorized(
        { userId: press.userId, channelId: press.channelId, action: "cancel someone else's proposal" },
        dependencies.authorization,
        dependencies.directory,
      );
    }
    try {
      await dependencies.proposals.update({ ...proposal, status: 'cancelled' }, 'proposed');
    } catch (error) {
      if (!(error instanceof JobStateConflictError)) throw error;
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'This proposal was already answered.',
      });
      return;
    }
    await respond({ replace_original: true, ...proposalMessage(proposal, { cancelledBy: press.userId }) });
  });
}
