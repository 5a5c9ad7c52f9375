/**
 * What a tuned model is sent: the question in the shape its training data had, with the earlier
 * turns of the thread, cut to what the model can take.
 *
 * A fine-tuned model answers best when asked the way it was taught (reference §2):
 * - conversation data (`bedrock-conversation-2024`, Claude's messages) → a message list, the thread's
 *   earlier turns as earlier messages;
 * - prompt/completion data (fine-tuned Llama 3.1, Titan) → the question itself as the prompt: those
 *   models saw raw prompts, no chat template. Earlier turns are folded in front of it as text;
 * - continued pre-training (unlabelled text) → a continuation prompt: such a model only continues
 *   text, so the question is written as the start of a question-and-answer passage for it to finish.
 */
import type { CatalogModel, DatasetFormat } from '../catalog/types.js';
import { InputError } from '../errors.js';
import { foldHistory } from '../evaluation/run.js';
import type { ChatTurn } from '../ports.js';
import { estimateTokens } from '../tokens/estimate.js';

export type PromptShape = 'messages' | 'prompt' | 'continuation';

export function promptShapeFor(format: DatasetFormat): PromptShape {
  switch (format) {
    case 'prompt-completion':
      return 'prompt';
    case 'continued-pretraining':
      return 'continuation';
    case 'claude-messages':
    case 'bedrock-conversation-2024':
      return 'messages';
  }
}

/** Earlier turns and the question as the passage a continued-pre-training model continues. */
export function continuationPrompt(history: readonly ChatTurn[], question: string): string {
  const lines = history.map((turn) => `${turn.role === 'user' ? 'Question' : 'Answer'}: ${turn.text}`);
  return [...lines, `Question: ${question}`, 'Answer:'].join('\n');
}

/** The text a single-prompt model is sent: the question, after the earlier turns when there are any. */
export function singlePrompt(shape: PromptShape, history: readonly ChatTurn[], question: string): string {
  if (shape === 'continuation') return continuationPrompt(history, question);
  if (shape === 'prompt') return foldHistory(history, question);
  return question;
}

/**
 * The model's context window in tokens, from the suffix of its customizable id (`:4k`, `:128k`,
 * `:300k`: reference §1.1), counted in thousands so that the budget errs on the small side.
 * Without a suffix, 4,000: the smallest window of any model tune trains.
 */
export function contextWindowOf(model: Pick<CatalogModel, 'id'>): number {
  const thousands = /:(\d+)k$/.exec(model.id)?.[1];
  return thousands ? Number(thousands) * 1000 : 4000;
}

/**
 * Earlier turns as Converse wants them: starting with a question, questions and answers
 * alternating, ending with an answer (the new question comes next). Turns of the same role in a
 * row are joined; a leading answer or a trailing unanswered question is left out.
 */
export function alternatingTurns(history: readonly ChatTurn[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const turn of history) {
    const text = turn.text.trim();
    if (text === '') continue;
    const last = turns.at(-1);
    if (!last && turn.role === 'assistant') continue;
    if (last && last.role === turn.role) last.text = `${last.text}\n\n${text}`;
    else turns.push({ role: turn.role, text });
  }
  if (turns.at(-1)?.role === 'user') turns.pop();
  return turns;
}

/** Special tokens a chat template adds per message and per request (../tokens/counter.ts). */
const MESSAGE_OVERHEAD = 5;
const REQUEST_OVERHEAD = 2;

/** Estimated input tokens of a request of this shape. */
export function estimateInputTokens(
  shape: PromptShape,
  history: readonly ChatTurn[],
  question: string,
): number {
  if (shape !== 'messages') return estimateTokens(singlePrompt(shape, history, question)) + REQUEST_OVERHEAD;
  let total = REQUEST_OVERHEAD + estimateTokens(question) + MESSAGE_OVERHEAD;
  for (const turn of history) total += estimateTokens(turn.text) + MESSAGE_OVERHEAD;
  return total;
}

export interface FittedConversation {
  /** The turns sent, oldest first. */
  history: ChatTurn[];
  /** Earlier turns (questions and answers) left out, oldest first, so the rest fits. */
  droppedTurns: number;
  /** Estimated input tokens of what is sent. */
  inputTokens: number;
  /** What the question and its context may take: the window less the room kept for the answer. */
  budget: number;
}

/**
 * The earlier turns that fit beside the question and the answer's room, dropping the oldest
 * question-and-answer pairs first: the latest turns are what a follow-up question refers to.
 * Tokens are estimated (4 characters each, ../tokens/estimate.ts), above the real count for English.
 * A question that does not fit alone is the asker's to shorten.
 */
export function fitConversation(input: {
  shape: PromptShape;
  history: readonly ChatTurn[];
  question: string;
  contextWindow: number;
  answerTokens: number;
  modelName: string;
}): FittedConversation {
  const budget = input.contextWindow - input.answerTokens;
  let history = alternatingTurns(input.history);
  const given = history.length;
  let tokens = estimateInputTokens(input.shape, history, input.question);
  while (tokens > budget && history.length > 0) {
    history = history.slice(2);
    tokens = estimateInputTokens(input.shape, history, input.question);
  }
  if (tokens > budget) {
    throw new InputError(
      `The question is about ${tokens.toLocaleString('en-US')} tokens (estimated); ${input.modelName} takes ${budget.toLocaleString('en-US')} with room for its answer. Shorten it and ask again.`,
      { field: 'question' },
    );
  }
  return { history, droppedTurns: given - history.length, inputTokens: tokens, budget };
}
