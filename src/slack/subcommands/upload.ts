/**
 * `/tune upload <file name> [--model …]`: a link to upload a file too large for Slack straight to
 * tune's bucket. When the file arrives it is checked like a file shared here, and the answer is
 * posted in this channel.
 */
import type { KnownBlock } from '@slack/types';
import { InputError } from '../../core/errors.js';
import { intakeOptionsFrom } from '../../core/intake/options.js';
import { UPLOAD_LINK_SECONDS, uploadKey } from '../../core/intake/upload.js';
import { shortId } from '../../core/jobs/naming.js';
import { code, mrkdwn } from '../blocks/safe-text.js';
import type { SlashSubcommand } from './types.js';

export const upload: SlashSubcommand = {
  name: 'upload',
  async run(invocation, dependencies) {
    const [name, ...extra] = invocation.parsed.positionals;
    if (!name || extra.length > 0) {
      throw new InputError(
        'Name the one file you will upload: `/tune upload big-dataset.jsonl` (quote names with spaces).',
        {
          field: 'file',
        },
      );
    }
    const optionsText = invocation.parsed.raw.slice(invocation.parsed.raw.indexOf(name) + name.length);
    intakeOptionsFrom(optionsText);
    const uploadId = shortId(`${invocation.teamId}:${invocation.channelId}:${invocation.triggerId}`, 12);
    const key = uploadKey({ teamId: invocation.teamId, channelId: invocation.channelId, uploadId }, name);
    const url = await dependencies.datasetStore.presignUpload(key, UPLOAD_LINK_SECONDS);
    const expiresAt = new Date(dependencies.clock.now().getTime() + UPLOAD_LINK_SECONDS * 1000).toISOString();
    await dependencies.uploads.put({
      uploadId,
      teamId: invocation.teamId,
      channelId: invocation.channelId,
      userId: invocation.userId,
      key,
      name,
      text: optionsText.trim(),
      expiresAt,
    });
    const text = `Upload *${mrkdwn(name)}* with this link within an hour (a single PUT, up to 5 GB); tune checks it within 5 minutes of arriving and answers in this channel.`;
    const blocks: KnownBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'section',
        // The name is shell-quoted (the command is meant to be pasted) and escaped; the URL is ours.
        text: {
          type: 'mrkdwn',
          text: `\`\`\`curl --upload-file '${code(name).replace(/'/g, "'\\''")}' '${url}'\`\`\``,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'The link is private to you: anyone who has it can upload to it until it expires.',
          },
        ],
      },
    ];
    return { text: text.replace(/\*/g, ''), blocks };
  },
};
