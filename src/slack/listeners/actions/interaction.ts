/** The fields every button handler reads from a block_actions payload, checked once (a boundary). */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';

const payloadSchema = z.object({
  user: z.object({ id: z.string() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }).nullish(),
  response_url: z.string().optional(),
});

export interface ButtonPress {
  userId: string;
  teamId: string;
  channelId: string;
  value: string;
}

export function buttonPress(body: BlockAction, action: ButtonAction): ButtonPress | undefined {
  const payload = payloadSchema.safeParse(body);
  if (!payload.success || !payload.data.channel || !action.value) return undefined;
  return {
    userId: payload.data.user.id,
    teamId: payload.data.team?.id ?? '',
    channelId: payload.data.channel.id,
    value: action.value,
  };
}
