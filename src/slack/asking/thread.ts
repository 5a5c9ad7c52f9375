/**
 * What a thread says about a question asked in it: the model it talks to and its earlier
 * questions and answers, read from the messages and tune's metadata on them
 * (../blocks/answer.ts). Pure: the thread is read by ../threads.ts.
 */
import type { ChatTurn } from '../../core/ports.js';
import { ASK_METADATA } from '../blocks/answer.js';
import type { ThreadMessage } from '../threads.js';

/** The question in a message's text: mentions of people and of the bot taken out, entities decoded. */
export function questionText(text: string): string {
  return text
    .replace(/<@[A-Z0-9]+(\|[^>]*)?>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** `--compare` anywhere in a mention asks the base model too; the rest is the question. */
export function compareFlag(question: string): { question: string; compare: boolean } {
  const words = question.split(/(\s+)/);
  const compare = words.some((word) => word === '--compare');
  if (!compare) return { question, compare };
  return {
    question: words
      .filter((word) => word !== '--compare')
      .join('')
      .replace(/\s{2,}/g, ' ')
      .trim(),
    compare,
  };
}

function payloadString(message: ThreadMessage, key: string): string | undefined {
  const value = message.metadata?.payload[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The model a thread talks to: the one its parent names (a `/tune ask` question or a model's
 * card), else the one that answered in it last. Undefined for a thread tune never answered in
 * (a job card's thread is looked up by the job instead).
 */
export function threadModelId(messages: readonly ThreadMessage[]): string | undefined {
  const [parent] = messages;
  const parentType = parent?.metadata?.eventType;
  if (parent && (parentType === ASK_METADATA.question || parentType === ASK_METADATA.model)) {
    const modelId = payloadString(parent, 'model_id');
    if (modelId) return modelId;
  }
  for (const message of [...messages].reverse()) {
    if (message.metadata?.eventType !== ASK_METADATA.answer) continue;
    const modelId = payloadString(message, 'model_id');
    if (modelId) return modelId;
  }
  return undefined;
}

/**
 * The thread's earlier questions and their answers, oldest first, before `beforeTs` (the new
 * question): each finished answer paired with the message that asked it. Unanswered questions,
 * answers still being written or that failed, and other talk in the thread are left out: they
 * are not turns of the conversation with the model.
 */
export function threadHistory(messages: readonly ThreadMessage[], beforeTs: string): ChatTurn[] {
  const byTs = new Map(messages.map((message) => [message.ts, message]));
  const turns: ChatTurn[] = [];
  for (const message of messages) {
    if (Number(message.ts) >= Number(beforeTs)) continue;
    if (message.metadata?.eventType !== ASK_METADATA.answer) continue;
    if (payloadString(message, 'state') !== 'answered') continue;
    const asking = byTs.get(payloadString(message, 'question_ts') ?? '');
    if (!asking) continue;
    const question =
      asking.metadata?.eventType === ASK_METADATA.question
        ? payloadString(asking, 'question')
        : compareFlag(questionText(asking.text)).question;
    const answer = questionText(message.text);
    if (!question || answer === '') continue;
    turns.push({ role: 'user', text: question }, { role: 'assistant', text: answer });
  }
  return turns;
}
