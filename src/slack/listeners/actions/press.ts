/**
 * A button in one of tune's messages: the press is handed to the worker, which checks who pressed
 * it and where (against the record the button names), does the work and answers through the
 * press's `response_url`. Keyed by the press itself, so a redelivered press runs once while a
 * later press (after a failure, say) is a new request.
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';
import { handOff } from '../hand-off.js';

const payloadSchema = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).nullish(),
  container: z.object({ message_ts: z.string().optional() }).nullish(),
  response_url: z.string().optional(),
});

const actionSchema = z.object({ action_id: z.string(), value: z.string(), action_ts: z.string() });

export function queuePress(dependencies: SlackEdgeDependencies) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const payload = payloadSchema.safeParse(body);
    const pressed = actionSchema.safeParse(action);
    // Buttons tune renders always carry a value and live in a channel message.
    if (!payload.success || !pressed.success || !payload.data.channel || !payload.data.team) return;
    const { user, team, channel, container, response_url } = payload.data;
    try {
      await handOff(dependencies, `press:${pressed.data.action_id}:${user.id}:${pressed.data.action_ts}`, {
        kind: 'press',
        action: pressed.data.action_id,
        teamId: team.id,
        channelId: channel.id,
        userId: user.id,
        value: pressed.data.value,
        actionTs: pressed.data.action_ts,
        ...(response_url ? { responseUrl: response_url } : {}),
        ...(container?.message_ts ? { messageTs: container.message_ts } : {}),
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
