/** `@tune …` in a channel: queued (the answer may need a model), answered in the thread by the worker. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { handOff } from '../hand-off.js';

export function appMention(dependencies: SlackEdgeDependencies) {
  return async ({
    event,
    body,
  }: SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs): Promise<void> => {
    // A file shared with a mention is answered by the file-share listener, in the same thread.
    if (!event.user || ('files' in event && Array.isArray(event.files) && event.files.length > 0)) return;
    await handOff(dependencies, `event:${body.event_id}`, {
      kind: 'mention',
      teamId: body.team_id,
      channelId: event.channel,
      userId: event.user,
      text: event.text,
      ts: event.ts,
      ...(event.thread_ts ? { threadTs: event.thread_ts } : {}),
    });
  };
}
