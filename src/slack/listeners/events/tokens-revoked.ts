/**
 * Tokens of the workspace were revoked. Only the bot's matters to tune (it has no user tokens):
 * when it is among them the worker deletes the installation, as for an uninstall.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { handOff } from '../hand-off.js';

const bodySchema = z.object({
  event_id: z.string(),
  team_id: z.string(),
  event: z.object({
    tokens: z.object({ bot: z.array(z.string()).nullish(), oauth: z.array(z.string()).nullish() }),
  }),
});

export function tokensRevoked(dependencies: SlackEdgeDependencies) {
  return async ({ body }: SlackEventMiddlewareArgs<'tokens_revoked'> & AllMiddlewareArgs): Promise<void> => {
    const { event_id: eventId, team_id: teamId, event } = bodySchema.parse(body);
    if ((event.tokens.bot ?? []).length === 0) return;
    await handOff(dependencies, `event:${eventId}`, { kind: 'uninstall', teamId, reason: 'tokens_revoked' });
  };
}
