/**
 * A `/tune` subcommand as the worker runs it: the slash-command listener only queued the command
 * (Slack's 3 seconds), and the reply goes back through the command's `response_url`.
 */
import type { ParsedCommand } from '../../core/commands/parse.js';
import type { OutboundMessage } from '../../core/ports.js';
import type { WorkerDependencies } from '../worker-dependencies.js';

export interface SlashInvocation {
  parsed: ParsedCommand;
  teamId: string;
  channelId: string;
  userId: string;
  responseUrl: string;
  triggerId: string;
}

export interface SlashReply extends OutboundMessage {
  responseType?: 'ephemeral' | 'in_channel';
}

export interface SlashSubcommand {
  name: string;
  run(invocation: SlashInvocation, dependencies: WorkerDependencies): Promise<SlashReply>;
}
