/**
 * Asking a tuned model, as Slack messages: the question `/tune ask` posts in the channel, the
 * answer in its thread (streamed into place, then with a context line of tokens and cost), the
 * base and tuned answers side by side for `--compare`, and the short replies around them.
 *
 * Messages carry tune's metadata (Slack message metadata) so the thread itself records which model
 * it talks to and which question each answer answers: a later mention in the thread reads it back
 * (../asking/thread.ts). Limits (docs.slack.dev Block Kit reference; bolt-js#2509): 3,000
 * characters per section, 2,000 per field, and a total near 13,200 past which Slack answers
 * `msg_blocks_too_long`, so an answer shows at most 9,000 characters (each side of a comparison
 * about 5,000: a field and a section) and says where it was cut.
 * Model answers are someone else's text: escaped for mrkdwn, never trusted as markup.
 */

import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import { type AskResult, costSummary, type ModelAnswer, type Preparation } from '../../core/asking/index.js';
import { formatCount } from '../../core/dataset/index.js';
import type { MessageMetadata, OutboundMessage } from '../../core/ports.js';
import { ACTION } from './proposal.js';
import { clip, code, escapeMrkdwn, LIMITS, mrkdwn } from './safe-text.js';

/** The `event_type`s of tune's message metadata. */
export const ASK_METADATA = {
  /** The message `/tune ask` posts: payload `model_id`, `question`. Its thread holds the answer. */
  question: 'tune_question',
  /** An answer: payload `model_id`, `question_ts` (the message asking), `state`. */
  answer: 'tune_answer',
  /** A model's card (posted by the serving side): payload `model_id`. Its thread asks that model. */
  model: 'tune_model',
} as const;

/** The button on a model's card that opens the way to ask it; its value is the model id. */
/** The model card's Ask button (one action id, declared with the others). */
export const ASK_ACTION = ACTION.modelAsk;

export type AnswerState = 'answering' | 'answered' | 'failed';

/** Sections of one answer shown: at most 9,000 characters, well inside the message's total. */
const ANSWER_SECTIONS = 3;
/** What the notification text (and the history read back) keeps of an answer. */
const TEXT_LIMIT = 39_000;

export interface ModelNames {
  modelId: string;
  name: string;
  /** The base model's name, e.g. "Nova Micro". */
  baseName: string;
}

/**
 * `raw` escaped for mrkdwn and cut into pieces of at most `limit` characters each, at most `count`
 * of them, cut after a line break or a space where one is near, never inside an entity or between
 * the halves of a surrogate pair. `consumed` is how much of `raw` the pieces hold; `clipped` says
 * that text was left over.
 */
export function escapedPieces(
  raw: string,
  limit: number,
  count: number,
): { pieces: string[]; consumed: number; clipped: boolean } {
  const pieces: string[] = [];
  let start = 0;
  while (start < raw.length && pieces.length < count) {
    let length = 0;
    let end = start;
    while (end < raw.length) {
      const character = raw[end] as string;
      const width = character === '&' ? 5 : character === '<' || character === '>' ? 4 : 1;
      if (length + width > limit) break;
      length += width;
      end++;
    }
    if (end < raw.length) {
      // Prefer a break in the last fifth of the piece.
      const floor = start + Math.floor((end - start) * 0.8);
      const newline = raw.lastIndexOf('\n', end - 1);
      const space = raw.lastIndexOf(' ', end - 1);
      const cut = newline >= floor ? newline + 1 : space >= floor ? space + 1 : end;
      end = cut;
      const before = raw.charCodeAt(end - 1);
      if (before >= 0xd800 && before <= 0xdbff) end--;
    }
    pieces.push(escapeMrkdwn(raw.slice(start, end)));
    start = end;
  }
  return { pieces, consumed: start, clipped: start < raw.length };
}

function section(text: string): SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(...texts: string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.map((text) => ({ type: 'mrkdwn' as const, text: clip(text, LIMITS.contextText) })),
  };
}

function cutNote(shown: number): string {
  return `_(answer cut at ${formatCount(shown)} characters)_`;
}

/** The message `/tune ask` posts in the channel; the answer goes in its thread. */
export function questionMessage(input: {
  model: ModelNames;
  userId: string;
  question: string;
  compare: boolean;
}): OutboundMessage {
  const { model } = input;
  const asked = input.compare
    ? `*${mrkdwn(model.name)}* and its base model ${mrkdwn(model.baseName)}`
    : `*${mrkdwn(model.name)}*`;
  const quoted = escapedPieces(input.question, 2800, 1);
  const question = `${quoted.pieces[0] ?? ''}${quoted.clipped ? '…' : ''}`.replace(/\n/g, '\n>');
  return {
    text: clip(`<@${input.userId}> asked ${escapeMrkdwn(model.name)}: ${escapeMrkdwn(input.question)}`, 3000),
    blocks: [
      section(`:speech_balloon: <@${input.userId}> asked ${asked}:\n>${question}`),
      context(
        'The answer is in the thread; mention @tune there to ask a follow-up with the thread as context.',
      ),
    ],
    metadata: {
      eventType: ASK_METADATA.question,
      payload: { model_id: model.modelId, question: input.question.slice(0, 2000) },
    },
  };
}

export interface AnswerView {
  model: ModelNames;
  /** The message asking (a mention, or the message `/tune ask` posted). */
  questionTs: string;
  state: AnswerState;
  /** The tuned model's answer so far, or whole. */
  tuned: string;
  /** With `--compare`: the base model's answer so far, or why it has none. */
  base?: string | { failed: string };
  /** Once answered: tokens, cost and context. */
  result?: AskResult;
  /** Once failed: what went wrong, already written for Slack (../error-messages.ts). */
  error?: string;
}

function answerMetadata(view: AnswerView): MessageMetadata {
  return {
    eventType: ASK_METADATA.answer,
    payload: {
      model_id: view.model.modelId,
      question_ts: view.questionTs,
      state: view.state,
      compare: view.base !== undefined,
    },
  };
}

function tokens(answer: ModelAnswer): string {
  const mark = answer.tokensEstimated ? '~' : '';
  const note = answer.tokensEstimated ? ' (estimated: the model gave no counts)' : '';
  return `${mark}${formatCount(answer.inputTokens)} in / ${mark}${formatCount(answer.outputTokens)} out tokens${note}`;
}

function contextNote(result: AskResult): string | undefined {
  const { turnsUsed, turnsDropped, contextWindow } = result.context;
  if (turnsUsed === 0 && turnsDropped === 0) return undefined;
  const kept = `${turnsUsed} earlier ${turnsUsed === 1 ? 'turn' : 'turns'} of the thread sent as context`;
  if (turnsDropped === 0) return kept;
  return `${kept}; the ${turnsDropped} oldest left out to fit its ${formatCount(contextWindow)}-token window`;
}

/** `mrkdwn` of a line of the context block for one answer. */
function answerLine(answer: ModelAnswer, role?: string): string {
  const who = `*${mrkdwn(answer.label)}*${role ? ` (${role})` : ''}`;
  const retried =
    answer.retries > 0
      ? ` · ${answer.retries} throttled ${answer.retries === 1 ? 'call' : 'calls'} retried`
      : '';
  return `${who} · ${tokens(answer)} · ${escapeMrkdwn(costSummary(answer.cost))}${retried}`;
}

function single(view: AnswerView): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  if (view.tuned === '' && view.state === 'answering') {
    blocks.push(section(`_Asking ${mrkdwn(view.model.name)}…_`));
  } else if (view.tuned === '' && view.state === 'answered') {
    blocks.push(section(`_${mrkdwn(view.model.name)} gave an empty answer._`));
  } else if (view.tuned !== '') {
    const shown = escapedPieces(view.tuned, LIMITS.sectionText, ANSWER_SECTIONS);
    for (const piece of shown.pieces) blocks.push(section(piece));
    if (shown.clipped) blocks.push(context(cutNote(shown.consumed)));
  }
  return blocks;
}

/** One side of a comparison: its first part in a field, the rest in sections under the fields. */
function side(label: string, text: string | { failed: string } | undefined, state: AnswerState) {
  const title = `*${label}*\n`;
  if (text === undefined || text === '') {
    return { field: `${title}_${state === 'answering' ? 'answering…' : 'no answer'}_`, rest: [] as string[] };
  }
  if (typeof text !== 'string')
    return { field: `${title}_No answer: ${mrkdwn(text.failed, 1500)}_`, rest: [] };
  // Room in the field for the title and the "continued" note.
  const first = escapedPieces(text, LIMITS.field - title.length - 40, 1);
  const firstPiece = first.pieces[0] ?? '';
  if (!first.clipped) return { field: `${title}${firstPiece}`, rest: [] };
  const more = escapedPieces(text.slice(first.consumed), LIMITS.sectionText - title.length - 20, 1);
  const rest = more.pieces.map((piece, index) =>
    index === 0 ? `${title.trim()} _(continued)_\n${piece}` : piece,
  );
  if (more.clipped) rest.push(cutNote(first.consumed + more.consumed));
  return { field: `${title}${firstPiece} _(continued below)_`, rest };
}

function compared(view: AnswerView): KnownBlock[] {
  const tuned = side(`${mrkdwn(view.model.name)} (tuned)`, view.tuned, view.state);
  const base = side(`${mrkdwn(view.model.baseName)} (base)`, view.base, view.state);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: tuned.field },
        { type: 'mrkdwn', text: base.field },
      ],
    },
  ];
  for (const text of [...tuned.rest, ...base.rest]) blocks.push(section(text));
  return blocks;
}

/** The answer message, in each of its states; the same message is updated from one to the next. */
export function answerMessage(view: AnswerView): OutboundMessage {
  const comparing = view.base !== undefined;
  const blocks: KnownBlock[] = comparing ? compared(view) : single(view);
  if (view.state === 'answering' && view.tuned !== '') {
    blocks.push(context(`_${mrkdwn(view.model.name)} is answering…_`));
  }
  if (view.state === 'failed' && view.error) {
    blocks.push(section(clip(view.error, LIMITS.sectionText)));
  }
  const result = view.result;
  if (view.state === 'answered' && result) {
    const lines = [answerLine(result.tuned, comparing ? 'tuned' : undefined)];
    if (result.comparison && 'answer' in result.comparison)
      lines.push(answerLine(result.comparison.answer, 'base'));
    const note = contextNote(result);
    if (note) lines.push(escapeMrkdwn(note));
    blocks.push(context(...lines));
  }
  const fallback =
    view.state === 'failed'
      ? (view.error ?? 'The question could not be answered.')
      : view.tuned === ''
        ? `Asking ${escapeMrkdwn(view.model.name)}…`
        : escapeMrkdwn(view.tuned);
  return { text: clip(fallback, TEXT_LIMIT), blocks, metadata: answerMetadata(view) };
}

/** A mention that names no model, where the thread and the channel name none either. */
export function whichModelMessage(): OutboundMessage {
  const text =
    'Which model should answer? Mention @tune in the thread of a tuned model (its card or its job), ask one with `/tune ask <model> <question>`, or set the model this channel asks with `/tune use <model>`. `/tune help` lists everything tune does.';
  return { text, blocks: [section(text)] };
}

/** A job's thread whose job has no model (yet). */
export function noModelYetMessage(jobId: string, status: string): OutboundMessage {
  const text = `Job \`${code(jobId)}\` has no model to ask: it is ${mrkdwn(status)}. Its model can answer once the job has completed and the model is deployed.`;
  return { text, blocks: [section(text)] };
}

/**
 * What serving the model would cost, when nothing serves it: the core's text
 * (`deployOfferText`). The serving side's Deploy offer, with its button, replaces this one function.
 */
export function offerMessage(notServed: Extract<Preparation, { kind: 'not-served' }>): OutboundMessage {
  const text = `:zzz: ${mrkdwn(notServed.offer, LIMITS.sectionText - 10)}`;
  return { text, blocks: [section(text)] };
}

/** Why the model does not answer here; shown to the asker only. */
export function refusalMessage(reason: string): OutboundMessage {
  const text = `:no_entry: ${mrkdwn(reason, LIMITS.sectionText - 12)}`;
  return { text, blocks: [section(text)] };
}

/** The Ask button's answer: how to ask this model, here. */
export function askHintMessage(model: ModelNames): OutboundMessage {
  const text = `Ask *${mrkdwn(model.name)}* (tuned from ${mrkdwn(model.baseName)}): mention @tune in this thread with your question, or type \`/tune ask ${code(model.modelId)} <question>\` anywhere in this channel. Add \`--compare\` to see ${mrkdwn(model.baseName)}'s answer beside it.`;
  return { text, blocks: [section(text)] };
}
