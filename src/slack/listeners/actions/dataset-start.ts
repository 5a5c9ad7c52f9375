/**
 * **Start training** on a dataset (its report, `/tune datasets`): the start form opens at once
 * with a placeholder, as for `/tune start` (a trigger is valid for 3 seconds), and the worker fills
 * it with this dataset and the model it was checked for. The worker looks the dataset up among the
 * pressing channel's own, so a button of another channel names nothing here.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import { loadingStartForm } from '../../blocks/start-form-loading.js';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { handOff } from '../hand-off.js';

const payloadSchema = z.object({
  trigger_id: z.string().min(1),
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).nullish(),
});

const actionSchema = z.object({ value: z.string().min(1) });
const openedViewSchema = z.object({ view: z.object({ id: z.string() }) });

export function datasetStart(dependencies: SlackEdgeDependencies) {
  return async ({
    ack,
    body,
    action,
    client,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const payload = payloadSchema.safeParse(body);
    const pressed = actionSchema.safeParse(action);
    if (!payload.success || !pressed.success || !payload.data.channel || !payload.data.team) return;
    const { trigger_id, user, team, channel } = payload.data;
    try {
      const opened = openedViewSchema.parse(
        await client.views.open({ trigger_id, view: loadingStartForm() }),
      );
      await handOff(dependencies, `form:${opened.view.id}`, {
        kind: 'start-form',
        teamId: team.id,
        channelId: channel.id,
        userId: user.id,
        viewId: opened.view.id,
        datasetId: pressed.data.value,
      });
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: userMessageFor(error, dependencies.logger),
      });
    }
  };
}
