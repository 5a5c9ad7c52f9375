/**
 * What the emulated models "say". Nothing here is a language model:
 * - a custom model trained by fine-tuning answers with the completion of the training prompt most
 *   similar to the prompt (TF-IDF cosine, `similarity-index.ts`);
 * - a custom model trained by continued pre-training answers with the training passage (a window of
 *   it) most similar to the prompt;
 * - a base model answers with a fixed, generic sentence derived from the prompt.
 * So a tuned model beats its base on held-out prompts from its training distribution, which is
 * what tune's evaluation needs to show. Every answer starts with `EMULATOR_MARKER`, and every
 * runtime response carries the `EMULATOR_HEADER` header, so nobody mistakes one for a model's.
 */

import { hashString } from './random.js';
import { SimilarityIndex } from './similarity-index.js';
import { type Dataset, estimateTokens } from './training-data.js';

export const EMULATOR_MARKER = '[bedrock-emulator] ';
export const EMULATOR_HEADER = 'x-bedrock-emulator';
export const EMULATOR_HEADER_VALUE = 'answer made by the tune Bedrock emulator, not by a language model';

export interface Answerer {
  /** The answer body, without the marker. */
  answer(prompt: string): string;
}

const PASSAGE_WINDOW_WORDS = 120;

/** A custom model: retrieval over what it was trained on. */
export function tunedAnswerer(dataset: Dataset): Answerer {
  if (dataset.kind === 'examples') {
    const index = new SimilarityIndex(dataset.examples.map((example) => example.prompt));
    return {
      answer: (prompt) => {
        const match = index.best(prompt);
        const chosen = match?.document ?? hashString(prompt) % Math.max(1, dataset.examples.length);
        return dataset.examples[chosen]?.completion ?? '';
      },
    };
  }
  const windows = dataset.passages.flatMap(passageWindows);
  const index = new SimilarityIndex(windows);
  return {
    answer: (prompt) => {
      const match = index.best(prompt);
      return windows[match?.document ?? hashString(prompt) % Math.max(1, windows.length)] ?? '';
    },
  };
}

/** Overlapping windows, so an answer is a passage's relevant part rather than 20,000 characters. */
export function passageWindows(passage: string): string[] {
  const words = passage.split(/\s+/).filter((word) => word !== '');
  if (words.length <= PASSAGE_WINDOW_WORDS) return [words.join(' ')];
  const windows: string[] = [];
  const stride = PASSAGE_WINDOW_WORDS / 2;
  for (let start = 0; start < words.length; start += stride) {
    windows.push(words.slice(start, start + PASSAGE_WINDOW_WORDS).join(' '));
    if (start + PASSAGE_WINDOW_WORDS >= words.length) break;
  }
  return windows;
}

/** A base model: deterministic and deliberately generic. */
export function baseAnswerer(modelName: string): Answerer {
  return {
    answer: (prompt) => {
      const words = prompt.split(/\s+/).filter((word) => word !== '');
      const opening = words.slice(0, 8).join(' ');
      return (
        `${modelName} (base model, not customized) has no training for this request and gives a generic reply ` +
        `to a prompt of ${words.length} words that begins "${opening}${words.length > 8 ? ' ...' : ''}".`
      );
    },
  };
}

export interface ShapedAnswer {
  text: string;
  outputTokens: number;
  /** Why generation ended, in neutral terms; each body family renames it. */
  ending: 'finished' | 'length' | 'stop-sequence';
  stopSequence?: string;
}

/** Applies stop sequences and the token budget, then puts the marker in front. */
export function shapeAnswer(
  body: string,
  maxTokens: number,
  stopSequences: readonly string[] = [],
): ShapedAnswer {
  let text = body;
  let ending: ShapedAnswer['ending'] = 'finished';
  let stopSequence: string | undefined;
  for (const sequence of stopSequences) {
    if (sequence === '') continue;
    const at = text.indexOf(sequence);
    if (at >= 0) {
      text = text.slice(0, at);
      ending = 'stop-sequence';
      stopSequence = sequence;
    }
  }
  const budget = Math.max(0, maxTokens) * 4;
  if (text.length > budget) {
    const cut = text.lastIndexOf(' ', budget);
    text = text.slice(0, cut > 0 ? cut : budget);
    ending = 'length';
    stopSequence = undefined;
  }
  const full = EMULATOR_MARKER + text;
  return {
    text: full,
    outputTokens: estimateTokens(full),
    ending,
    ...(stopSequence ? { stopSequence } : {}),
  };
}
