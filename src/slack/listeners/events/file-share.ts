/**
 * A person shared a file in a channel where tune is a member: each file is queued for checking,
 * keyed by the event (Slack's retries of one delivery run once; sharing the same file again with
 * other options is a new event, and is checked again). Slack also sends `file_shared`, which tune
 * does not need: the message carries the files, the text with options, and the ts to answer in.
 * Files the bot itself uploads (reports) are ignored.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import * as z from 'zod';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { handOff } from '../hand-off.js';

const fileShareSchema = z.object({
  subtype: z.literal('file_share'),
  user: z.string(),
  channel: z.string(),
  ts: z.string(),
  thread_ts: z.string().optional(),
  text: z.string().optional(),
  bot_id: z.string().optional(),
  files: z.array(z.object({ id: z.string() })).min(1),
});

export function fileShare(dependencies: SlackEdgeDependencies) {
  return async ({ event, body }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs): Promise<void> => {
    const message = fileShareSchema.safeParse(event);
    if (!message.success || message.data.bot_id) return;
    const { user, channel, ts, thread_ts, text, files } = message.data;
    for (const file of files) {
      await handOff(dependencies, `event:${body.event_id}:${file.id}`, {
        kind: 'dataset',
        teamId: body.team_id,
        channelId: channel,
        userId: user,
        threadTs: thread_ts ?? ts,
        text: text ?? '',
        file: { from: 'slack', fileId: file.id },
      });
    }
  };
}
