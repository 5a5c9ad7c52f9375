import { describe, expect, it } from 'vitest';
import { compareFlag, questionText, threadHistory, threadModelId } from '../../../src/slack/asking/thread.js';
import type { ThreadMessage } from '../../../src/slack/threads.js';

const answer = (
  ts: string,
  questionTs: string,
  text: string,
  state = 'answered',
  model = 'm-1',
): ThreadMessage => ({
  ts,
  userId: 'U0TUNE',
  botId: 'B0TUNE',
  text,
  metadata: {
    eventType: 'tune_answer',
    payload: { model_id: model, question_ts: questionTs, state, compare: false },
  },
});
const said = (ts: string, text: string, userId = 'U0ALICE'): ThreadMessage => ({ ts, userId, text });

describe('the question in a mention', () => {
  it('leaves out mentions and decodes what Slack escaped', () => {
    expect(questionText('<@U0TUNE> is 1 &lt; 2 &amp;&amp; <@U0BOB|bob> right?')).toBe('is 1 < 2 && right?');
  });

  it('reads --compare anywhere, and keeps the rest', () => {
    expect(compareFlag('where is --compare the key?')).toEqual({
      question: 'where is the key?',
      compare: true,
    });
    expect(compareFlag('use --compare-all')).toEqual({ question: 'use --compare-all', compare: false });
  });
});

describe("a thread's model", () => {
  it('is the one its parent names: a /tune ask question or a model card', () => {
    const asked: ThreadMessage = {
      ts: '1.0',
      text: 'asked',
      metadata: { eventType: 'tune_question', payload: { model_id: 'm-ask', question: 'q' } },
    };
    const card: ThreadMessage = {
      ts: '1.0',
      text: 'card',
      metadata: { eventType: 'tune_model', payload: { model_id: 'm-card' } },
    };
    expect(threadModelId([asked, answer('2.0', '1.0', 'a', 'answered', 'm-other')])).toBe('m-ask');
    expect(threadModelId([card])).toBe('m-card');
  });

  it('is the last one that answered in it otherwise, and none in a thread tune never answered in', () => {
    expect(
      threadModelId([
        said('1.0', 'hi'),
        answer('2.0', '1.0', 'a', 'answered', 'm-1'),
        answer('4.0', '3.0', 'b', 'failed', 'm-2'),
      ]),
    ).toBe('m-2');
    expect(threadModelId([said('1.0', 'hi'), said('2.0', 'there')])).toBeUndefined();
  });
});

describe("a thread's earlier turns", () => {
  it('pair each finished answer with the message that asked it, oldest first, before the new question', () => {
    // Prepare: a /tune ask question, its answer, small talk, a follow-up and its answer, a failed
    // answer, an answer still streaming, then the new question.
    const messages: ThreadMessage[] = [
      {
        ts: '1.0',
        text: '<@U0ALICE> asked…',
        metadata: {
          eventType: 'tune_question',
          payload: { model_id: 'm-1', question: 'Where are the keys?' },
        },
      },
      answer('2.0', '1.0', 'On the hook &amp; in the drawer.'),
      said('3.0', 'thanks!', 'U0BOB'),
      said('4.0', '<@U0TUNE> which drawer? --compare'),
      answer('5.0', '4.0', 'The blue one.'),
      said('6.0', '<@U0TUNE> and the car?'),
      answer('7.0', '6.0', ':cloud: Bedrock kept throttling', 'failed'),
      said('8.0', '<@U0TUNE> and the bike?'),
      answer('9.0', '8.0', 'Asking…', 'answering'),
      said('10.0', '<@U0TUNE> and the boat?'),
      answer('11.0', '10.0', 'Later answer.'),
    ];

    // Act
    const history = threadHistory(messages, '10.0');

    // Assess
    expect(history).toEqual([
      { role: 'user', text: 'Where are the keys?' },
      { role: 'assistant', text: 'On the hook & in the drawer.' },
      { role: 'user', text: 'which drawer?' },
      { role: 'assistant', text: 'The blue one.' },
    ]);
  });
});
