/**
 * Checks one parsed record against its format and the model's rules, and counts its tokens. Every
 * problem goes to the caller's `error`/`warn` with the field it concerns and a message saying how
 * to fix it; nothing stops at the first problem.
 */
import type { z } from 'zod';
import type { DatasetFormat, FormatRules } from '../catalog/types.js';
import type { TokenCounter } from '../tokens/counter.js';
import {
  type ClaudeMessagesRecord,
  type ConversationRecord,
  FORMAT_KEYS,
  FORMAT_SCHEMAS,
  type InputRecord,
  NON_SPACE,
  type PromptCompletionRecord,
} from './formats.js';
import type { ErrorCode, WarningCode } from './issues.js';

export interface RecordReporter {
  error(code: ErrorCode, message: string, field?: string): void;
  warn(code: WarningCode, message: string, field?: string): void;
}

/** Token counts of one record; `input`/`output` split prompt from completion where limits do. */
export interface RecordTokens {
  total: number;
  input: number;
  output: number;
  images: number;
  videos: number;
}

const FIELD_HINTS: Record<string, string> = {
  prompt: 'the text the model is given',
  completion: 'the answer the model should learn to give',
  input: 'the text to train on',
  messages:
    'the conversation: a list of turns, starting with a "user" turn and ending with an "assistant" one',
  schemaVersion: '"bedrock-conversation-2024"',
  role: '"user" or "assistant"',
  system: 'the system prompt',
  text: 'the text of this part of the turn',
  format: 'the media format',
  source: '{"s3Location": {"uri": "s3://bucket/key"}}',
  s3Location: '{"uri": "s3://bucket/key"}',
  uri: 'an s3:// URI',
};

const MEDIA_NAME = /^s3:\/\/[A-Za-z0-9_\-/.]+$/;

export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return `a number (${value})`;
  return `a ${typeof value}`;
}

function expectedLabel(expected: string, format: DatasetFormat, field: string): string {
  if (expected === 'string') return 'a string: put the text in double quotes';
  if (expected === 'array') {
    if (field === 'content' || field.endsWith('.content'))
      return 'a list of parts such as [{"text": "..."}] (bedrock-conversation-2024)';
    if (field === 'system' && format === 'bedrock-conversation-2024')
      return 'a list such as [{"text": "..."}]';
    return 'a list';
  }
  if (expected === 'object') return 'an object';
  return expected;
}

function lastKey(path: readonly PropertyKey[]): string {
  for (let index = path.length - 1; index >= 0; index--) {
    const part = path[index];
    if (typeof part === 'string') return part;
  }
  return '';
}

/** Turns zod's issues into tune's codes and messages that say how to fix the line. */
function reportSchemaIssues(
  issues: readonly z.core.$ZodIssue[],
  format: DatasetFormat,
  report: RecordReporter,
) {
  for (const issue of issues) {
    const field = fieldPath(issue.path);
    const key = lastKey(issue.path);
    const hint = FIELD_HINTS[key];
    switch (issue.code) {
      case 'invalid_type': {
        if (issue.input === undefined) {
          report.error('missing_field', `"${field}" is missing: add it${hint ? ` (${hint})` : ''}.`, field);
        } else {
          report.error(
            'wrong_type',
            `"${field}" is ${describeValue(issue.input)}; it must be ${expectedLabel(issue.expected, format, field)}.`,
            field,
          );
        }
        break;
      }
      case 'too_small': {
        if (key === 'messages') {
          report.error(
            'too_few_messages',
            `"messages" has ${Array.isArray(issue.input) ? issue.input.length : 'fewer than 2'} turn(s); a record needs at least a "user" turn followed by an "assistant" turn.`,
            field,
          );
        } else {
          report.error(
            'empty_field',
            `"${field}" is empty: give it at least one part, such as {"text": "..."}.`,
            field,
          );
        }
        break;
      }
      case 'invalid_format': {
        if (key === 'uri') {
          report.error('invalid_media', `"${field}" must be an s3:// URI of the media file.`, field);
        } else {
          report.error(
            'empty_field',
            `"${field}" is empty or only whitespace: give it text${hint ? ` (${hint})` : ''}, or remove the record.`,
            field,
          );
        }
        break;
      }
      case 'invalid_value': {
        if (key === 'role') {
          const found = JSON.stringify(issue.input);
          const systemHint =
            issue.input === 'system' ? ' Put the system prompt in the top-level "system" field instead.' : '';
          report.error(
            'invalid_role',
            `"${field}" is ${found}; use "user" or "assistant".${systemHint}`,
            field,
          );
        } else {
          report.error(
            'invalid_media',
            `"${field}" is ${JSON.stringify(issue.input)}; use one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}.`,
            field,
          );
        }
        break;
      }
      default:
        report.error('wrong_type', `"${field || 'record'}": ${issue.message}.`, field);
    }
  }
}

function checkExtraKeys(
  record: Record<string, unknown>,
  format: DatasetFormat,
  report: RecordReporter,
): void {
  const allowed = FORMAT_KEYS[format];
  for (const key in record) {
    if (!allowed.includes(key)) {
      report.warn(
        'extra_key',
        `key "${key}" is not part of the ${format} format (${allowed.join(', ')}); remove it, Bedrock may reject the record.`,
        key,
      );
    }
  }
}

function checkReserved(textValue: string, field: string, rules: FormatRules, report: RecordReporter): void {
  for (const reserved of rules.reservedStrings) {
    if (textValue.includes(reserved)) {
      report.error(
        'reserved_string',
        `"${field}" contains ${JSON.stringify(reserved)}, which this model reserves; a record containing it fails the job. Reword or remove it.`,
        field,
      );
    }
  }
}

function checkTurnOrder(roles: readonly string[], report: RecordReporter): void {
  if (roles[0] !== 'user') {
    report.error(
      'role_order',
      `"messages[0]" is an "${roles[0]}" turn; the conversation must start with a "user" turn.`,
      'messages[0].role',
    );
    return;
  }
  for (let index = 1; index < roles.length; index++) {
    if (roles[index] === roles[index - 1]) {
      report.error(
        'role_order',
        `"messages[${index}]" is a second "${roles[index]}" turn in a row; turns must alternate user, assistant, user, ... Merge the two turns or add the missing one.`,
        `messages[${index}].role`,
      );
      return;
    }
  }
  if (roles[roles.length - 1] !== 'assistant') {
    report.error(
      'role_order',
      `the last turn ("messages[${roles.length - 1}]") is a "user" turn; the conversation must end with the "assistant" answer to learn.`,
      `messages[${roles.length - 1}].role`,
    );
  }
}

/**
 * Checks a record against `format` and returns its tokens, or undefined when its structure is too
 * broken to count them.
 */
export function checkRecord(
  record: Record<string, unknown>,
  format: DatasetFormat,
  rules: FormatRules,
  counter: TokenCounter,
  report: RecordReporter,
): RecordTokens | undefined {
  // The common records, checked by hand before zod: in a fresh process (each Lambda, each CLI
  // run) zod's parse was a quarter of the validator's time on a 10 MB prompt/completion file
  // (bench/validate.ts). The test is the schema's own (`text`: a string with a non-space
  // character), so a record takes this path only when zod would accept it.
  if (format === 'prompt-completion') {
    const { prompt, completion } = record;
    if (isText(prompt) && isText(completion)) {
      checkExtraKeys(record, format, report);
      return checkPromptCompletion(prompt, completion, rules, counter, report);
    }
  } else if (format === 'continued-pretraining') {
    const { input } = record;
    if (isText(input)) {
      checkExtraKeys(record, format, report);
      return checkInput(input, rules, counter, report);
    }
  }
  const schema = FORMAT_SCHEMAS[format];
  const parsed = schema.safeParse(record);
  checkExtraKeys(record, format, report);
  if (!parsed.success) {
    // Parsed again only on failure, to get each issue's input (missing vs null vs wrong type).
    const detailed = schema.safeParse(record, { reportInput: true });
    reportSchemaIssues(detailed.error?.issues ?? parsed.error.issues, format, report);
    return undefined;
  }
  switch (format) {
    case 'prompt-completion': {
      const { prompt, completion } = parsed.data as PromptCompletionRecord;
      return checkPromptCompletion(prompt, completion, rules, counter, report);
    }
    case 'continued-pretraining':
      return checkInput((parsed.data as InputRecord).input, rules, counter, report);
    case 'claude-messages':
      return checkClaudeMessages(parsed.data as ClaudeMessagesRecord, rules, counter, report);
    case 'bedrock-conversation-2024':
      return checkConversation(parsed.data as ConversationRecord, rules, counter, report);
  }
}

/** The schemas' `text`: a string holding something other than whitespace. */
function isText(value: unknown): value is string {
  return typeof value === 'string' && NON_SPACE.test(value);
}

function checkInput(
  input: string,
  rules: FormatRules,
  counter: TokenCounter,
  report: RecordReporter,
): RecordTokens {
  checkReserved(input, 'input', rules, report);
  const tokens = counter.count(input) + counter.recordOverhead;
  return { total: tokens, input: tokens, output: 0, images: 0, videos: 0 };
}

function checkPromptCompletion(
  prompt: string,
  completion: string,
  rules: FormatRules,
  counter: TokenCounter,
  report: RecordReporter,
): RecordTokens {
  if (rules.reservedStrings.length > 0) {
    checkReserved(prompt, 'prompt', rules, report);
    checkReserved(completion, 'completion', rules, report);
  }
  const input = counter.count(prompt);
  const output = counter.count(completion);
  return { total: input + output + counter.recordOverhead, input, output, images: 0, videos: 0 };
}

function checkClaudeMessages(
  record: ClaudeMessagesRecord,
  rules: FormatRules,
  counter: TokenCounter,
  report: RecordReporter,
): RecordTokens {
  let input = 0;
  let output = 0;
  if (record.system !== undefined) {
    checkReserved(record.system, 'system', rules, report);
    input += counter.count(record.system) + counter.messageOverhead;
  }
  record.messages.forEach((message, index) => {
    checkReserved(message.content, `messages[${index}].content`, rules, report);
    const tokens = counter.count(message.content) + counter.messageOverhead;
    if (message.role === 'assistant') output += tokens;
    else input += tokens;
  });
  checkTurnOrder(
    record.messages.map((message) => message.role),
    report,
  );
  return { total: input + output + counter.recordOverhead, input, output, images: 0, videos: 0 };
}

function checkConversation(
  record: ConversationRecord,
  rules: FormatRules,
  counter: TokenCounter,
  report: RecordReporter,
): RecordTokens {
  if (rules.schemaVersion !== undefined && record.schemaVersion !== rules.schemaVersion) {
    report.error(
      'invalid_schema_version',
      `"schemaVersion" is ${JSON.stringify(record.schemaVersion)}; this model needs "${rules.schemaVersion}".`,
      'schemaVersion',
    );
  }
  let input = 0;
  let output = 0;
  if (record.system) {
    record.system.forEach((item, index) => {
      checkReserved(item.text, `system[${index}].text`, rules, report);
      input += counter.count(item.text);
    });
    input += counter.messageOverhead;
  }
  if (rules.expectsOneSystemItem && (record.system?.length ?? 0) !== 1) {
    report.warn(
      'missing_system',
      `"system" has ${record.system?.length ?? 0} items; the AWS sample validator for this model expects exactly one, such as [{"text": "You are ..."}].`,
      'system',
    );
  }
  let images = 0;
  let videos = 0;
  record.messages.forEach((message, messageIndex) => {
    let tokens = counter.messageOverhead;
    message.content.forEach((item, itemIndex) => {
      const field = `messages[${messageIndex}].content[${itemIndex}]`;
      const kinds = (item.text !== undefined ? 1 : 0) + (item.image ? 1 : 0) + (item.video ? 1 : 0);
      if (kinds !== 1) {
        report.error(
          'invalid_content',
          `"${field}" must hold exactly one of "text", "image" or "video"; it holds ${kinds}. Split it into separate parts.`,
          field,
        );
      }
      if (item.text !== undefined) {
        checkReserved(item.text, `${field}.text`, rules, report);
        tokens += counter.count(item.text);
      }
      for (const [kind, media] of [
        ['image', item.image],
        ['video', item.video],
      ] as const) {
        if (!media) continue;
        if (kind === 'image') images++;
        else videos++;
        const allowed = kind === 'image' ? rules.images : rules.videos;
        if (!allowed) {
          report.error(
            'media_not_allowed',
            `"${field}.${kind}": this model accepts no ${kind}s; remove it or pick a model that does.`,
            `${field}.${kind}`,
          );
        } else if (message.role === 'assistant') {
          report.error(
            'media_not_allowed',
            `"${field}.${kind}" is in an assistant turn; ${kind}s may only appear in user turns.`,
            `${field}.${kind}`,
          );
        }
        if (rules.strictMediaNames && !MEDIA_NAME.test(media.source.s3Location.uri)) {
          report.error(
            'invalid_media',
            `"${field}.${kind}.source.s3Location.uri" may only use letters, digits and _ - / . ; rename the file.`,
            `${field}.${kind}.source.s3Location.uri`,
          );
        }
        if (kind === 'image' && rules.tokensPerImage !== undefined) tokens += rules.tokensPerImage;
      }
    });
    if (message.role === 'assistant') output += tokens;
    else input += tokens;
  });
  if (rules.maxImagesPerRecord !== undefined && images > rules.maxImagesPerRecord) {
    report.error(
      'too_many_media',
      `the record has ${images} images; this model accepts at most ${rules.maxImagesPerRecord} per record.`,
      'messages',
    );
  }
  if (rules.maxVideosPerRecord !== undefined && videos > rules.maxVideosPerRecord) {
    report.error(
      'too_many_media',
      `the record has ${videos} videos; this model accepts at most ${rules.maxVideosPerRecord} per record.`,
      'messages',
    );
  }
  checkTurnOrder(
    record.messages.map((message) => message.role),
    report,
  );
  return { total: input + output + counter.recordOverhead, input, output, images, videos };
}
