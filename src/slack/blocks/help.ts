/** Block Kit for `/tune help` and for the pointer to it after an unknown subcommand. */
import type { KnownBlock } from '@slack/types';
import { SUBCOMMANDS, type SubcommandHelp } from '../../core/commands/registry.js';
import { INTAKE_OPTIONS } from '../../core/intake/options.js';
import type { OutboundMessage } from '../../core/ports.js';
import { code } from './safe-text.js';

export function helpMessage(subcommands: readonly SubcommandHelp[] = SUBCOMMANDS): OutboundMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'tune: customize Bedrock models from Slack' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: 'Validate datasets before you pay, start fine-tuning jobs on the models Bedrock offers in this region (Nova, Llama 3.x), and follow them here.',
      },
    },
    ...fileSharingBlocks(),
    { type: 'section', text: { type: 'mrkdwn', text: '*Commands*' } },
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
    SHARE_TEXT.replace(/\*/g, ''),
    `Options: ${optionsText()}`,
    `Example: ${SHARE_EXAMPLE}`,
    'tune commands:',
    ...subcommands.map(
      (subcommand) => `/tune ${subcommand.usage}: ${subcommand.summary} (e.g. ${subcommand.example})`,
    ),
  ].join('\n');
  return { text, blocks };
}

/** The main way in: a file shared in a channel where tune is a member. */
const SHARE_TEXT =
  '*Start here: share a dataset.* Drop a file (JSONL, CSV, TSV, JSON, text, Markdown or PDF) into a channel where tune is a member, with options in the same message. tune converts it, checks every line against the model, estimates the cost and answers in the thread; a valid file becomes a dataset you can start a job from.';
/** The message of the example share (checked by a test to parse). */
export const SHARE_EXAMPLE_MESSAGE = '--prompt-column question --completion-column answer --split 0.1';
const SHARE_EXAMPLE = `attach faq.csv with the message ${SHARE_EXAMPLE_MESSAGE}`;

function optionsText(): string {
  return INTAKE_OPTIONS.map((option) => `--${option.name} ${option.value}`).join(' · ');
}

function fileSharingBlocks(): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: SHARE_TEXT } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: INTAKE_OPTIONS.map((option) => `\`--${option.name} ${option.value}\`  ${option.summary}`).join(
          '\n',
        ),
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `Example: attach \`faq.csv\` and write \`${SHARE_EXAMPLE_MESSAGE}\` as the message.`,
        },
      ],
    },
  ];
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
