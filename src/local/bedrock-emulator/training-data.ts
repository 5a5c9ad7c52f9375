/**
 * Reads a training or validation JSONL file the way a customization job does at the start of
 * training, and fails it with Bedrock's wording when the data is bad (docs/bedrock-emulator-world.md, "Formats, limits and
 * hyperparameters"). Hand-written
 * checks rather than zod: this runs over every line of files up to 10,000+ records.
 */
import type { DataFormat } from './model-table.js';

/** A fine-tuning example, whatever the file format: the prompt side and the answer side. */
export interface Example {
  prompt: string;
  completion: string;
}

export type Dataset = { kind: 'examples'; examples: Example[] } | { kind: 'passages'; passages: string[] };

export interface DatasetRules {
  customizationType: 'FINE_TUNING' | 'CONTINUED_PRE_TRAINING';
  format: DataFormat;
  role: 'train' | 'validation';
  /** The object key, as Bedrock names the file in its messages. */
  key: string;
  maxTokensPerRecord: number | undefined;
  maxRecords: number;
  minRecords: number;
}

export type DatasetCheck =
  | { ok: true; dataset: Dataset; records: number; maxRecordTokens: number }
  | { ok: false; message: string };

/**
 * Token estimate at 4 characters per token. It is an estimate, not a tokenizer: AWS documents
 * ≈6 characters per token, but real jobs failed at ≈4 (workshop issue #224), so the
 * emulator fails data the way those jobs did.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

const FORMAT_HINTS: Record<string, string> = {
  'prompt-completion': `'{"prompt": "<input text>", "completion": "<output text>"}' format`,
  input: `'{"input": "<input text>"}' format`,
  'claude-messages': `'{"system": "<system message>", "messages": [{"role": "user", "content": "<user text>"}, {"role": "assistant", "content": "<assistant text>"}]}' format`,
  conversation: `'{"schemaVersion": "bedrock-conversation-2024", "system": [{"text": "<system text>"}], "messages": [{"role": "user", "content": [{"text": "<user text>"}]}, {"role": "assistant", "content": [{"text": "<assistant text>"}]}]}' format`,
};

export function formatMessage(key: string, hint: string): string {
  return `Input data at ${key} must follow ${FORMAT_HINTS[hint] ?? hint}`;
}

export function checkDataset(text: string, rules: DatasetRules): DatasetCheck {
  const hint = rules.customizationType === 'CONTINUED_PRE_TRAINING' ? 'input' : rules.format;
  const examples: Example[] = [];
  const passages: string[] = [];
  let maxRecordTokens = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return { ok: false, message: formatMessage(rules.key, hint) };
    }
    const record = hint === 'input' ? readPassage(parsed) : readExample(parsed, rules.format);
    if (record === undefined) return { ok: false, message: formatMessage(rules.key, hint) };
    const tokens =
      typeof record === 'string' ? estimateTokens(record) : estimateTokens(record.prompt + record.completion);
    maxRecordTokens = Math.max(maxRecordTokens, tokens);
    if (typeof record === 'string') passages.push(record);
    else examples.push(record);
  }
  const records = examples.length + passages.length;
  if (records === 0) return { ok: false, message: formatMessage(rules.key, hint) };
  if (rules.maxTokensPerRecord !== undefined && maxRecordTokens > rules.maxTokensPerRecord) {
    return {
      ok: false,
      message: `Maximum input token count ${maxRecordTokens} exceeds limit of ${rules.maxTokensPerRecord} for ${rules.role} data`,
    };
  }
  if (rules.maxRecords > 0 && records > rules.maxRecords) {
    return {
      ok: false,
      message: `Number of records in ${rules.role} data (${records}) exceeds limit of ${rules.maxRecords}`,
    };
  }
  if (rules.role === 'train' && records < rules.minRecords) {
    return {
      ok: false,
      message: `Number of records in ${rules.role} data (${records}) is below the minimum of ${rules.minRecords}`,
    };
  }
  const dataset: Dataset = hint === 'input' ? { kind: 'passages', passages } : { kind: 'examples', examples };
  return { ok: true, dataset, records, maxRecordTokens };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPassage(value: unknown): string | undefined {
  if (!isObject(value) || typeof value.input !== 'string' || value.input.trim() === '') return undefined;
  return value.input;
}

function readExample(value: unknown, format: DataFormat): Example | undefined {
  if (!isObject(value)) return undefined;
  switch (format) {
    case 'prompt-completion':
      if (typeof value.prompt !== 'string' || typeof value.completion !== 'string') return undefined;
      return { prompt: value.prompt, completion: value.completion };
    case 'claude-messages':
      return readTurns(
        value.messages,
        (content) => (typeof content === 'string' ? content : undefined),
        value.system,
      );
    case 'conversation':
      return readTurns(value.messages, textOfBlocks, value.system);
    default:
      return undefined;
  }
}

/** Turns must alternate user/assistant, start with user and end with assistant (model-customization-prepare.html). */
function readTurns(
  messages: unknown,
  textOf: (content: unknown) => string | undefined,
  system: unknown,
): Example | undefined {
  if (!Array.isArray(messages) || messages.length < 2) return undefined;
  const userTexts: string[] = [];
  let lastAssistant = '';
  for (const [index, message] of messages.entries()) {
    if (!isObject(message)) return undefined;
    const expected = index % 2 === 0 ? 'user' : 'assistant';
    if (message.role !== expected) return undefined;
    const text = textOf(message.content);
    if (text === undefined) return undefined;
    if (expected === 'user') userTexts.push(text);
    else lastAssistant = text;
  }
  if (messages.length % 2 !== 0) return undefined;
  const systemText = typeof system === 'string' ? system : textOfBlocks(system);
  const prompt = [systemText ?? '', ...userTexts].filter((text) => text !== '').join('\n');
  return { prompt, completion: lastAssistant };
}

function textOfBlocks(content: unknown): string | undefined {
  if (!Array.isArray(content)) return undefined;
  const texts: string[] = [];
  for (const block of content) {
    if (!isObject(block)) return undefined;
    if (typeof block.text === 'string') texts.push(block.text);
  }
  return texts.join('\n');
}
