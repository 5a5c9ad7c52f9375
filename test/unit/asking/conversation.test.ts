import { describe, expect, it } from 'vitest';
import {
  alternatingTurns,
  contextWindowOf,
  continuationPrompt,
  fitConversation,
  promptShapeFor,
  singlePrompt,
} from '../../../src/core/asking/index.js';
import { InputError } from '../../../src/core/errors.js';
import type { ChatTurn } from '../../../src/core/ports.js';

const pair = (index: number, size = 40): ChatTurn[] => [
  { role: 'user', text: `question ${index} ${'q'.repeat(size)}` },
  { role: 'assistant', text: `answer ${index} ${'a'.repeat(size)}` },
];

describe('the shape a question is sent in', () => {
  it('follows the data format the model was trained on', () => {
    expect(promptShapeFor('bedrock-conversation-2024')).toBe('messages');
    expect(promptShapeFor('claude-messages')).toBe('messages');
    expect(promptShapeFor('prompt-completion')).toBe('prompt');
    expect(promptShapeFor('continued-pretraining')).toBe('continuation');
  });

  it('sends a prompt/completion model the question itself, with no chat template', () => {
    expect(singlePrompt('prompt', [], 'Where is the spare key?')).toBe('Where is the spare key?');
  });

  it('folds earlier turns in front of a single prompt', () => {
    const history = pair(1, 0);
    expect(singlePrompt('prompt', history, 'And the other one?')).toBe(
      'User: question 1 \n\nAssistant: answer 1 \n\nUser: And the other one?',
    );
  });

  it('writes a continuation passage for a continued-pre-training model to finish', () => {
    expect(continuationPrompt([], 'What does the s3 ls command list?')).toBe(
      'Question: What does the s3 ls command list?\nAnswer:',
    );
    expect(singlePrompt('continuation', pair(1, 0), 'Next?')).toBe(
      'Question: question 1 \nAnswer: answer 1 \nQuestion: Next?\nAnswer:',
    );
  });
});

describe('the context window', () => {
  it('is read from the customizable id, in thousands, and is 4,000 without a suffix', () => {
    expect(contextWindowOf({ id: 'amazon.titan-text-lite-v1:0:4k' })).toBe(4000);
    expect(contextWindowOf({ id: 'amazon.nova-micro-v1:0:128k' })).toBe(128_000);
    expect(contextWindowOf({ id: 'cohere.command-text-v14' })).toBe(4000);
  });
});

describe('earlier turns', () => {
  it('start with a question, alternate, end with an answer, and join same-role turns', () => {
    const turns = alternatingTurns([
      { role: 'assistant', text: 'a greeting nobody asked for' },
      { role: 'user', text: 'first' },
      { role: 'user', text: 'second' },
      { role: 'assistant', text: 'answer' },
      { role: 'user', text: 'unanswered' },
      { role: 'user', text: '   ' },
    ]);
    expect(turns).toEqual([
      { role: 'user', text: 'first\n\nsecond' },
      { role: 'assistant', text: 'answer' },
    ]);
  });

  it('are all kept when they fit', () => {
    const fitted = fitConversation({
      shape: 'messages',
      history: [...pair(1), ...pair(2)],
      question: 'and then?',
      contextWindow: 4000,
      answerTokens: 1024,
      modelName: 'support-bot',
    });
    expect(fitted.history).toHaveLength(4);
    expect(fitted.droppedTurns).toBe(0);
    expect(fitted.budget).toBe(2976);
  });

  it('lose the oldest question and answer first when the window is too small, and say how many went', () => {
    // Prepare: each pair is about 66 tokens (estimated, with message overhead); the budget of 150
    // holds the question and two pairs.
    const history = [...pair(1, 100), ...pair(2, 100), ...pair(3, 100), ...pair(4, 100)];

    // Act
    const fitted = fitConversation({
      shape: 'messages',
      history,
      question: 'and then?',
      contextWindow: 1150,
      answerTokens: 1000,
      modelName: 'support-bot',
    });

    // Assess
    expect(fitted.droppedTurns).toBe(4);
    expect(fitted.history.map((turn) => turn.text.split(' ').slice(0, 2).join(' '))).toEqual([
      'question 3',
      'answer 3',
      'question 4',
      'answer 4',
    ]);
    expect(fitted.inputTokens).toBeLessThanOrEqual(150);
  });

  it('are cut for single-prompt models too, counted on the folded prompt', () => {
    const fitted = fitConversation({
      shape: 'prompt',
      history: [...pair(1, 200), ...pair(2, 200)],
      question: 'and then?',
      contextWindow: 1200,
      answerTokens: 1024,
      modelName: 'support-bot',
    });
    expect(fitted.droppedTurns).toBe(2);
    expect(fitted.history).toHaveLength(2);
  });

  it('cannot make room for a question longer than the window: the asker is told to shorten it', () => {
    expect(() =>
      fitConversation({
        shape: 'messages',
        history: pair(1),
        question: 'x'.repeat(20_000),
        contextWindow: 4000,
        answerTokens: 1024,
        modelName: 'support-bot',
      }),
    ).toThrowError(InputError);
  });
});
