/** Block Kit for `/tune help` and for the pointer to it after an unknown subcommand. */
import type { KnownBlock } from '@slack/types';
import { SUBCOMMANDS, type SubcommandHelp } from '../../core/commands/registry.js';
import type { OutboundMessage } from '../../core/ports.js';
import { code } from './safe-text.js';

export function helpMessage(subcommands: readonly SubcommandHelp[] = SUBCOMMANDS): OutboundMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'tune: customize Bedrock models from Slack' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Validate datasets before you pay, start fine-tuning jobs on the models Bedrock offers in this region (Nova, Llama 3.x), and follow them here. Commands:',
      },
    },
  ];
  for (const subcommand of subcommands) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*\`/tune ${subcommand.usage}\`*\n${subcommand.summary}` },
    });
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `Example: \`${subcommand.example}\`` }],
    });
  }
  const text = [
    'tune commands:',
    ...subcommands.map(
      (subcommand) => `/tune ${subcommand.usage}: ${subcommand.summary} (e.g. ${subcommand.example})`,
    ),
  ].join('\n');
  return { text, blocks };
}

/**
 * The answer to a subcommand tune does not know. A typo gets what was typed with the subcommand
 * corrected (`/tune stauts 123` → `/tune status 123`), not the subcommand's whole usage line.
 */
export function unknownSubcommandMessage(typed: string, suggestion?: SubcommandHelp): OutboundMessage {
  const rest = typed.trim().replace(/^\S+/, '');
  const didYouMean = suggestion ? ` Did you mean \`/tune ${code(`${suggestion.name}${rest}`)}\`?` : '';
  const text = `I don't know \`/tune ${code(typed)}\`.${didYouMean} Type \`/tune help\` to see every command with an example.`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
