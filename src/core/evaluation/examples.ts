/**
 * Held-out records turned into what an evaluation sends and scores: a prompt (with the system text
 * and earlier turns of a conversation) and the reference the answer is compared with.
 *
 * - prompt/completion: the prompt, and the completion as reference.
 * - Claude messages and bedrock-conversation-2024: the system text and the turns before the last
 *   assistant turn (the last of them, a user turn, is the prompt; those before it are history), and
 *   that assistant turn as reference.
 * - continued pre-training `{input}`: the passage cut in half by words; the model continues the first
 *   half and the continuation is compared with the second half. There is no question to answer in
 *   unlabelled text, so this measures how well the model has learnt to write like the corpus.
 *
 * Records are parsed with the format's zod schema (src/core/dataset/formats.ts): they are data from
 * outside. Records that cannot become an example are skipped and reported with their line number.
 */
import type { DatasetFormat } from '../catalog/types.js';
import { seededRandom } from '../dataset/convert/split.js';
import { FORMAT_SCHEMAS } from '../dataset/formats.js';
import type { ChatTurn } from '../ports.js';

export interface EvaluationExample {
  /** 1-based line of the record in the held-out file. */
  line: number;
  system?: string;
  /** Earlier turns, oldest first; empty for single-turn records. */
  history: ChatTurn[];
  prompt: string;
  reference: string;
}

export interface SkippedRecord {
  line: number;
  reason: string;
}

export type ExampleOutcome = { ok: true; example: EvaluationExample } | { ok: false; reason: string };

function fromTurns(
  line: number,
  system: string | undefined,
  turns: readonly { role: 'user' | 'assistant'; text: string }[],
): ExampleOutcome {
  let last = -1;
  for (let index = turns.length - 1; index >= 0; index--) {
    if (turns[index]?.role === 'assistant') {
      last = index;
      break;
    }
  }
  if (last < 0) return { ok: false, reason: 'the conversation has no assistant turn to compare with' };
  const before = turns.slice(0, last);
  const prompt = before.at(-1);
  if (prompt?.role !== 'user') {
    return { ok: false, reason: 'the last assistant turn does not follow a user turn' };
  }
  const reference = (turns[last] as { text: string }).text;
  return {
    ok: true,
    example: {
      line,
      ...(system && system.trim() !== '' ? { system } : {}),
      history: before.slice(0, -1).map((turn) => ({ role: turn.role, text: turn.text })),
      prompt: prompt.text,
      reference,
    },
  };
}

/** The word boundary nearest the middle of a passage: the first half is the prompt. */
export function splitPassage(text: string): { prompt: string; reference: string } | undefined {
  const starts = [...text.matchAll(/\S+/g)].map((match) => match.index);
  if (starts.length < 2) return undefined;
  const middle = starts[Math.floor(starts.length / 2)] as number;
  return { prompt: text.slice(0, middle).trimEnd(), reference: text.slice(middle).trim() };
}

/** One parsed JSON value (a record of the held-out file) as an example, or why it cannot be one. */
export function exampleFromRecord(value: unknown, format: DatasetFormat, line: number): ExampleOutcome {
  switch (format) {
    case 'prompt-completion': {
      const parsed = FORMAT_SCHEMAS[format].safeParse(value);
      if (!parsed.success) return { ok: false, reason: 'not a {"prompt", "completion"} record' };
      return {
        ok: true,
        example: { line, history: [], prompt: parsed.data.prompt, reference: parsed.data.completion },
      };
    }
    case 'continued-pretraining': {
      const parsed = FORMAT_SCHEMAS[format].safeParse(value);
      if (!parsed.success) return { ok: false, reason: 'not an {"input"} record' };
      const halves = splitPassage(parsed.data.input);
      if (!halves) return { ok: false, reason: 'the passage has fewer than two words to split' };
      return { ok: true, example: { line, history: [], ...halves } };
    }
    case 'claude-messages': {
      const parsed = FORMAT_SCHEMAS[format].safeParse(value);
      if (!parsed.success) return { ok: false, reason: 'not a Claude messages record' };
      const turns = parsed.data.messages.map((message) => ({ role: message.role, text: message.content }));
      return fromTurns(line, parsed.data.system, turns);
    }
    case 'bedrock-conversation-2024': {
      const parsed = FORMAT_SCHEMAS[format].safeParse(value);
      if (!parsed.success) return { ok: false, reason: 'not a bedrock-conversation-2024 record' };
      if (parsed.data.messages.some((message) => message.content.some((item) => item.image || item.video))) {
        // The runtime port sends text only; scoring an answer to a question about an unseen image
        // would measure nothing.
        return { ok: false, reason: 'it holds images or videos, which the evaluation does not send' };
      }
      const turns = parsed.data.messages.map((message) => ({
        role: message.role,
        text: message.content.map((item) => item.text ?? '').join(''),
      }));
      const system = parsed.data.system?.map((item) => item.text).join('\n');
      return fromTurns(line, system, turns);
    }
  }
}

export interface SelectedExamples {
  /** Records of the file that could become examples. */
  heldOut: number;
  /** At most `limit` of them, chosen with the seed, in file order. */
  examples: EvaluationExample[];
  skipped: SkippedRecord[];
}

/** Like fmeval's `num_records=100`: at most 100 records, drawn at random but reproducibly. */
export const EVALUATION_RECORD_LIMIT = 100;
export const EVALUATION_SEED = 20261127;

/**
 * Parses a held-out JSON Lines text in `format`, turns each record into an example, and draws at
 * most `limit` of them with a seeded shuffle (the same file and seed always give the same records).
 */
export function selectExamples(
  text: string,
  format: DatasetFormat,
  options: { limit?: number; seed?: number } = {},
): SelectedExamples {
  const limit = options.limit ?? EVALUATION_RECORD_LIMIT;
  const seed = options.seed ?? EVALUATION_SEED;
  const candidates: EvaluationExample[] = [];
  const skipped: SkippedRecord[] = [];
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] as string).trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      skipped.push({ line: index + 1, reason: 'not valid JSON' });
      continue;
    }
    const outcome = exampleFromRecord(value, format, index + 1);
    if (outcome.ok) candidates.push(outcome.example);
    else skipped.push({ line: index + 1, reason: outcome.reason });
  }
  // Fisher-Yates with the seeded generator, then back to file order so results read naturally.
  const random = seededRandom(seed);
  const order = candidates.map((_, index) => index);
  for (let index = order.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [order[index], order[other]] = [order[other] as number, order[index] as number];
  }
  const chosen = order.slice(0, Math.max(0, limit)).sort((a, b) => a - b);
  return {
    heldOut: candidates.length,
    examples: chosen.map((index) => candidates[index] as EvaluationExample),
    skipped,
  };
}
