/**
 * A `/tune` subcommand as the slash-command listener runs it. `run` must return well within
 * Slack's 3 seconds (Bolt on Lambda answers only after the listener finishes): anything slower is
 * handed to the worker with `acceptOnce` and answered later through `responseUrl`.
 */
import type { View } from '@slack/types';
import type { ParsedCommand } from '../../core/commands/parse.js';
import type { OutboundMessage } from '../../core/ports.js';
import type { SlackEdgeDependencies } from '../dependencies.js';

export interface SlashInvocation {
  parsed: ParsedCommand;
  teamId: string;
  channelId: string;
  userId: string;
  responseUrl: string;
  triggerId: string;
  /** Opens a modal with the command's trigger (valid for 3 seconds). */
  openView?: (view: View) => Promise<void>;
}

export interface SlashReply extends OutboundMessage {
  responseType?: 'ephemeral' | 'in_channel';
}

export interface SlashSubcommand {
  name: string;
  run(invocation: SlashInvocation, dependencies: SlackEdgeDependencies): Promise<SlashReply>;
}
