/** The Home tab was opened: the worker reads the user's jobs and publishes the view. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { handOff } from '../hand-off.js';

export function appHomeOpened(dependencies: SlackEdgeDependencies) {
  return async ({
    event,
    body,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    await handOff(dependencies, `event:${body.event_id}`, {
      kind: 'home',
      teamId: body.team_id,
      userId: event.user,
    });
  };
}
