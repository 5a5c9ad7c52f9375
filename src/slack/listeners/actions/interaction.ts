/** The fields every button handler reads from a block_actions payload, checked once (a boundary). */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  RespondFn,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { z } from 'zod';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { userMessageFor } from '../../error-messages.js';

const payloadSchema = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).nullish(),
  response_url: z.string().optional(),
  actions: z.array(z.object({ action_ts: z.string().optional() })).optional(),
});

export interface ButtonPress {
  userId: string;
  teamId: string;
  channelId: string;
  value: string;
  /** When the button was pressed; distinct for each press, the same for Slack's retries of one. */
  actionTs: string;
}

export function buttonPress(body: BlockAction, action: ButtonAction): ButtonPress | undefined {
  const payload = payloadSchema.safeParse(body);
  if (!payload.success || !payload.data.channel || !action.value) return undefined;
  return {
    userId: payload.data.user.id,
    teamId: payload.data.team?.id ?? '',
    channelId: payload.data.channel.id,
    value: action.value,
    actionTs: payload.data.actions?.[0]?.action_ts ?? action.action_ts,
  };
}

/**
 * A button listener: acknowledges at once, reads the press, runs `work`, and answers any error
 * privately to the person who pressed, through the one error mapper.
 */
export function onButton(
  dependencies: SlackEdgeDependencies,
  work: (press: ButtonPress, respond: RespondFn) => Promise<void>,
) {
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
      await work(press, respond);
    } catch (error) {
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: userMessageFor(error, dependencies.logger),
      });
    }
  };
}
