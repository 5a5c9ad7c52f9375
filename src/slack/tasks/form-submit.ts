/**
 * A submitted start form (its fields already passed the checks that need no lookup): the same
 * planning as `/tune start …` text, with the channel's datasets. A good plan is posted as the
 * confirmation in the channel; a problem is told to the person privately, naming the field.
 */
import { InputError } from '../../core/errors.js';
import { shortId } from '../../core/jobs/naming.js';
import { planJob } from '../../core/jobs/plan.js';
import { proposalMessage } from '../blocks/proposal.js';
import {
  jobRequestFromModal,
  modalStateFrom,
  viewStateSchema,
  wantsNoValidation,
} from '../blocks/start-modal.js';
import { userMessageFor } from '../error-messages.js';
import { createOnce } from '../subcommands/start.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export async function runFormSubmit(
  task: TaskOf<'form-submit'>,
  dependencies: WorkerDependencies,
): Promise<void> {
  const state = modalStateFrom(viewStateSchema.parse(task.values));
  const request = {
    ...jobRequestFromModal(state),
    ...(wantsNoValidation(state) ? { noValidation: true } : {}),
  };
  const datasets = await dependencies.datasets.listByChannel(task.teamId, task.channelId, 100);
  let proposal: ReturnType<typeof planJob>;
  try {
    proposal = planJob({
      request,
      datasets,
      offered: await dependencies.offers(),
      place: { teamId: task.teamId, channelId: task.channelId, userId: task.userId },
      // One proposal per submitted form, whatever the queue redelivers.
      proposalId: shortId(`${task.teamId}:${task.channelId}:${task.viewId}`, 16),
      now: dependencies.clock.now(),
      region: dependencies.serving.region,
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    await dependencies.notifier.postEphemeral(task.channelId, task.userId, {
      text: `${userMessageFor(error, dependencies.logger)}\nOpen the form again with \`/tune start\`.`,
    });
    return;
  }
  await createOnce(dependencies.proposals, proposal);
  await dependencies.notifier.post(task.channelId, proposalMessage(proposal));
}
