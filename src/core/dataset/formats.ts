/**
 * The record formats Bedrock accepts (docs/bedrock-facts.md, "Record formats"): how to recognise each and the zod
 * schema of its structure. Each dataset line is data from outside, so it is parsed with these
 * schemas at the boundary (docs/architecture.md). The exception: a prompt/completion or input record
 * that these schemas would accept is recognised by hand first (./record-checks.ts), because zod's
 * parse, still unoptimised by the JIT in a fresh process, was a quarter of the validator's time on
 * a 10 MB file (bench/validate.ts); anything else goes through zod, which names every problem.
 * The rules zod cannot express per model (turn order, reserved strings, media, tokens) are in
 * ./record-checks.ts.
 */
import * as z from 'zod';
import type { DatasetFormat } from '../catalog/types.js';

export const FORMAT_LABELS: Record<DatasetFormat, string> = {
  'prompt-completion': 'prompt/completion ({"prompt": "...", "completion": "..."})',
  'continued-pretraining': 'continued pre-training ({"input": "..."})',
  'claude-messages':
    'Claude messages ({"system": "...", "messages": [{"role": "user", "content": "..."}, ...]})',
  'bedrock-conversation-2024':
    'bedrock-conversation-2024 ({"schemaVersion": "bedrock-conversation-2024", "messages": [{"role": "user", "content": [{"text": "..."}]}, ...]})',
};

/** The keys each format uses; any other key draws an `extra_key` warning. */
export const FORMAT_KEYS: Record<DatasetFormat, readonly string[]> = {
  'prompt-completion': ['prompt', 'completion'],
  'continued-pretraining': ['input'],
  'claude-messages': ['system', 'messages'],
  'bedrock-conversation-2024': ['schemaVersion', 'system', 'messages'],
};

/** Matches a text holding something other than whitespace; the hand-written fast path shares it. */
export const NON_SPACE = /\S/;

/** A text that must hold something other than whitespace. */
const text = z.string().regex(NON_SPACE);

const s3Location = z.object({
  uri: z.string().startsWith('s3://'),
  bucketOwner: z.string().optional(),
});

const imageSchema = z.object({
  format: z.enum(['gif', 'jpeg', 'png', 'webp']),
  source: z.object({ s3Location }),
});

const videoSchema = z.object({
  format: z.enum(['mov', 'mkv', 'mp4', 'webm']),
  source: z.object({ s3Location }),
});

const role = z.enum(['user', 'assistant']);

export const promptCompletionSchema = z.object({ prompt: text, completion: text });
export const inputSchema = z.object({ input: text });
export const claudeMessagesSchema = z.object({
  system: z.string().optional(),
  messages: z.array(z.object({ role, content: text })).min(2),
});
export const conversationSchema = z.object({
  schemaVersion: z.string(),
  system: z.array(z.object({ text: z.string() })).optional(),
  messages: z
    .array(
      z.object({
        role,
        content: z
          .array(
            z.object({ text: text.optional(), image: imageSchema.optional(), video: videoSchema.optional() }),
          )
          .min(1),
      }),
    )
    .min(2),
});

export type PromptCompletionRecord = z.infer<typeof promptCompletionSchema>;
export type InputRecord = z.infer<typeof inputSchema>;
export type ClaudeMessagesRecord = z.infer<typeof claudeMessagesSchema>;
export type ConversationRecord = z.infer<typeof conversationSchema>;

export const FORMAT_SCHEMAS = {
  'prompt-completion': promptCompletionSchema,
  'continued-pretraining': inputSchema,
  'claude-messages': claudeMessagesSchema,
  'bedrock-conversation-2024': conversationSchema,
} as const;

/** Keys that mark instruction datasets `tune convert` can turn into prompt/completion. */
const CONVERTIBLE_KEYS = ['instruction', 'response', 'output', 'question', 'answer', 'text'];

/**
 * The format a record looks like, from its keys alone, before any check; undefined when it looks
 * like none (the caller then checks it against the format expected, to say what is missing).
 */
export function classifyRecord(record: Record<string, unknown>): DatasetFormat | undefined {
  if ('schemaVersion' in record) return 'bedrock-conversation-2024';
  if ('messages' in record) {
    const messages = record.messages;
    if (Array.isArray(record.system)) return 'bedrock-conversation-2024';
    if (Array.isArray(messages)) {
      const first: unknown = messages[0];
      if (
        typeof first === 'object' &&
        first !== null &&
        Array.isArray((first as { content?: unknown }).content)
      )
        return 'bedrock-conversation-2024';
    }
    return 'claude-messages';
  }
  if ('prompt' in record || 'completion' in record) return 'prompt-completion';
  if ('instruction' in record) return undefined;
  if ('input' in record) return 'continued-pretraining';
  return undefined;
}

/** A hint for records in no Bedrock format that `tune convert` knows (Dolly, Alpaca, Q&A). */
export function conversionHint(record: Record<string, unknown>): string | undefined {
  const keys = Object.keys(record).filter((key) => CONVERTIBLE_KEYS.includes(key));
  if (keys.length === 0) return undefined;
  return `Its keys (${keys.join(', ')}) look like an instruction dataset: run \`tune convert <file> --to fine-tuning\` to turn it into prompt/completion`;
}
