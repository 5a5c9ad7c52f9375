/**
 * Submitting the start form. What can be checked without a lookup is checked here and shown under
 * its field (Slack lets a submission answer with errors, and only then): the form's metadata (it
 * names the channel the job will be proposed in, and must be ours, for this team and person) and
 * the hyperparameters against the catalog. Then the form closes and the worker plans the job with
 * the channel's datasets and posts the proposal in the channel, or tells the person privately
 * what is wrong.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import { checkHyperParameters, findModel } from '../../../core/catalog/index.js';
import { sanitizeCustomModelName } from '../../../core/jobs/naming.js';
import {
  jobRequestFromModal,
  modalStateFrom,
  START_MODAL,
  viewStateSchema,
} from '../../blocks/start-modal.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { readFormMetadata } from '../../form-metadata.js';
import { handOff } from '../hand-off.js';

const submissionSchema = z.object({
  id: z.string(),
  team_id: z.string(),
  private_metadata: z.string(),
  state: z.object({ values: viewStateSchema }),
});

export function startJobSubmission(dependencies: SlackEdgeDependencies) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const submitted = submissionSchema.parse(view);
    const origin = readFormMetadata(dependencies.formKey, submitted.private_metadata, {
      teamId: submitted.team_id,
      userId: body.user.id,
    });
    if (!origin) {
      dependencies.logger.warn('refused a form whose metadata is not ours', { viewId: submitted.id });
      await ack({
        response_action: 'errors',
        errors: {
          [START_MODAL.typeBlock]: 'This form cannot be used here. Open a new one with /tune start.',
        },
      });
      return;
    }
    const state = modalStateFrom(submitted.state.values);
    if (!state.datasetId) {
      // The form shows a notice instead of a dataset field when the channel has none of this type;
      // Slack accepts errors only under input blocks, so the notice's problem goes under the type.
      await ack({
        response_action: 'errors',
        errors: {
          [START_MODAL.typeBlock]:
            'This channel has no dataset for this type yet: share a file in the channel first.',
        },
      });
      return;
    }
    // A name Bedrock would not take as typed is shown as it would be, before anything is proposed.
    if (state.name && sanitizeCustomModelName(state.name, state.name) !== state.name) {
      await ack({
        response_action: 'errors',
        errors: {
          [START_MODAL.nameBlock]:
            `Would be named ${sanitizeCustomModelName(state.name, 'model')} (lower-case letters, digits and hyphens). Type that, or another name.`.slice(
              0,
              150,
            ),
        },
      });
      return;
    }
    const model = state.modelId ? findModel(state.modelId) : undefined;
    if (model) {
      const problems = checkHyperParameters(model, state.type, jobRequestFromModal(state).hyperParameters);
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
    try {
      await handOff(dependencies, `form-submit:${submitted.id}`, {
        kind: 'form-submit',
        ...origin,
        viewId: submitted.id,
        values: submitted.state.values,
      });
    } catch (error) {
      await ack({
        response_action: 'errors',
        errors: { [START_MODAL.typeBlock]: userMessageFor(error, dependencies.logger).slice(0, 150) },
      });
      return;
    }
    await ack();
  };
}
