/**
 * Submitting the start modal: the same planning as `/tune start …` text, with problems shown
 * under the field they concern (a hyperparameter under its own input). A good plan closes the
 * modal and posts the confirmation with its Start button in the channel.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import { checkHyperParameters, findModel } from '../../../core/catalog/index.js';
import { InputError } from '../../../core/errors.js';
import { shortId } from '../../../core/jobs/naming.js';
import { planJob } from '../../../core/jobs/plan.js';
import { proposalMessage } from '../../blocks/proposal.js';
import {
  jobRequestFromModal,
  modalStateFrom,
  START_MODAL,
  startModalMetadataSchema,
  viewStateSchema,
  wantsNoValidation,
} from '../../blocks/start-modal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';

const submissionSchema = z.object({
  id: z.string(),
  private_metadata: z.string(),
  state: z.object({ values: viewStateSchema }),
});

export function startJobSubmission(dependencies: SlackEdgeDependencies) {
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const submitted = submissionSchema.parse(view);
    const metadata = startModalMetadataSchema.parse(JSON.parse(submitted.private_metadata));
    const state = modalStateFrom(submitted.state.values);
    const request = {
      ...jobRequestFromModal(state),
      ...(wantsNoValidation(state) ? { noValidation: true } : {}),
    };

    const model = state.modelId ? findModel(state.modelId) : undefined;
    if (model) {
      const problems = checkHyperParameters(model, state.type, request.hyperParameters);
      if (problems.length > 0) {
        await ack({
          response_action: 'errors',
          errors: Object.fromEntries(
            problems.map((problem) => [
              `${START_MODAL.hyperParameterPrefix}${problem.field}`,
              problem.message.slice(0, 150),
            ]),
          ),
        });
        return;
      }
    }
    const datasets = await dependencies.datasets.listByChannel(metadata.teamId, metadata.channelId, 100);
    let proposal: ReturnType<typeof planJob>;
    try {
      proposal = planJob({
        request,
        datasets,
        place: { ...metadata, userId: body.user.id },
        proposalId: shortId(
          `${metadata.teamId}:${metadata.channelId}:${submitted.id}:${dependencies.clock.now().getTime()}`,
          16,
        ),
        now: dependencies.clock.now(),
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // Slack accepts errors only on input blocks; the dataset block is a plain section when the
      // channel has no dataset of the chosen type, so such errors go under the type instead.
      const hasDatasetInput = START_MODAL.datasetBlock in submitted.state.values;
      const block =
        error.field === 'model'
          ? START_MODAL.modelBlock
          : hasDatasetInput
            ? START_MODAL.datasetBlock
            : START_MODAL.typeBlock;
      await ack({ response_action: 'errors', errors: { [block]: error.message.slice(0, 500) } });
      return;
    }
    await dependencies.proposals.create(proposal);
    await ack();
    try {
      const message = proposalMessage(proposal);
      await client.chat.postMessage({
        channel: metadata.channelId,
        text: message.text,
        // Built by our own Block Kit functions; the cast restores the type they already meet.
        blocks: [...(message.blocks ?? [])] as KnownBlock[],
      });
    } catch (error) {
      await client.chat.postEphemeral({
        channel: metadata.channelId,
        user: body.user.id,
        text: userMessageFor(error, dependencies.logger),
      });
    }
  };
}
