/**
 * The workspace removed tune: the worker deletes its installation. Bolt calls this listener without
 * authorizing the team first (its token is already gone).
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { handOff } from '../hand-off.js';

const bodySchema = z.object({ event_id: z.string(), team_id: z.string() });

export function appUninstalled(dependencies: SlackEdgeDependencies) {
  return async ({ body }: SlackEventMiddlewareArgs<'app_uninstalled'> & AllMiddlewareArgs): Promise<void> => {
    const { event_id: eventId, team_id: teamId } = bodySchema.parse(body);
    await handOff(dependencies, `event:${eventId}`, { kind: 'uninstall', teamId, reason: 'app_uninstalled' });
  };
}
