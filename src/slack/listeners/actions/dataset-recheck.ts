/**
 * "Check with these columns" under the column guidance of a shared table: the same file is checked
 * again with the guessed options, by the worker, as if it had been shared with them. The button's
 * value is signed (../../recheck-value.ts) and must come from the channel it was pressed in; the
 * check is keyed by the press, so Slack's redeliveries run it once and a second press checks again.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { readRecheck } from '../../recheck-value.js';
import { handOff } from '../hand-off.js';

const payloadSchema = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).nullish(),
});

const actionSchema = z.object({ action_id: z.string(), value: z.string(), action_ts: z.string() });

export function datasetRecheck(dependencies: SlackEdgeDependencies) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const payload = payloadSchema.safeParse(body);
    const pressed = actionSchema.safeParse(action);
    if (!payload.success || !pressed.success || !payload.data.channel || !payload.data.team) return;
    const { user, team, channel } = payload.data;
    const recheck = readRecheck(dependencies.formKey, pressed.data.value, channel.id);
    if (!recheck) {
      dependencies.logger.warn('refused a re-check button whose value is not ours or not of this channel', {
        channel: channel.id,
      });
      return;
    }
    try {
      await handOff(dependencies, `press:${pressed.data.action_id}:${user.id}:${pressed.data.action_ts}`, {
        kind: 'dataset',
        teamId: team.id,
        channelId: channel.id,
        userId: user.id,
        ...(recheck.threadTs ? { threadTs: recheck.threadTs } : {}),
        text: recheck.text,
        file: recheck.file,
      });
    } catch (error) {
      // Only when the queue refused it: say so to the person, who can press again.
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: userMessageFor(error, dependencies.logger),
      });
    }
  };
}
