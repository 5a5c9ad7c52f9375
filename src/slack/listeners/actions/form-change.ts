/**
 * A change of type, model or dataset in the start form: the worker rebuilds the form for it, so
 * the model list, the hyperparameters (with the new model's defaults and ranges) and the estimate
 * follow the choice. The form's metadata is checked here (it names the channel); nothing is read.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { readFormMetadata } from '../../form-metadata.js';
import { handOff } from '../hand-off.js';

const bodySchema = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  view: z.object({
    id: z.string(),
    hash: z.string().optional(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
  }),
});

const actionSchema = z.object({
  action_id: z.string(),
  action_ts: z.string(),
  selected_option: z.object({ value: z.string() }).nullish(),
});

export function formChange(dependencies: SlackEdgeDependencies) {
  return async ({ ack, body, action }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs) => {
    await ack();
    const parsed = bodySchema.safeParse(body);
    const changed = actionSchema.safeParse(action);
    if (!parsed.success || !changed.success || !parsed.data.team) return;
    const { user, team, view } = parsed.data;
    const origin = readFormMetadata(dependencies.formKey, view.private_metadata, {
      teamId: team.id,
      userId: user.id,
    });
    if (!origin) {
      dependencies.logger.warn('ignored a form change whose metadata is not ours', { viewId: view.id });
      return;
    }
    await handOff(dependencies, `form-change:${view.id}:${changed.data.action_ts}`, {
      kind: 'form-change',
      ...origin,
      viewId: view.id,
      ...(view.hash ? { hash: view.hash } : {}),
      values: view.state.values,
      actionId: changed.data.action_id,
      ...(changed.data.selected_option ? { chosen: changed.data.selected_option.value } : {}),
    });
  };
}
