/** SlackDirectory against the sandbox's Web API: which channels are private, as conversations.info says. */
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../../../src/local/slack-sandbox/index.js';
import { SlackDirectory } from '../../../src/slack/directory.js';
import { FixedClock } from '../../fakes/clock.js';

const botToken = 'xoxb-directory-test';
let sandbox: SlackSandbox;
let client: WebClient;

beforeAll(async () => {
  sandbox = await startSlackSandbox({
    signingSecret: 'directory-test-secret',
    botToken,
    channels: [
      { id: 'C0PUBLIC', name: 'public' },
      { id: 'C0SECRET', name: 'secret', isPrivate: true, botMember: true },
      { id: 'C0HIDDEN', name: 'hidden', isPrivate: true },
    ],
  });
  client = new WebClient(botToken, { slackApiUrl: sandbox.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await sandbox.close();
});

describe('SlackDirectory.channelIsPrivate', () => {
  it('tells a public channel from a private one, and counts one it cannot see as private', async () => {
    // Prepare
    const directory = new SlackDirectory({ client, clock: new FixedClock() });

    // Act
    const answers = await Promise.all(
      ['C0PUBLIC', 'C0SECRET', 'C0HIDDEN'].map((id) => directory.channelIsPrivate(id)),
    );

    // Assess
    expect(answers).toEqual([false, true, true]);
  });

  it('asks Slack once a minute per channel', async () => {
    const clock = new FixedClock();
    const directory = new SlackDirectory({ client, clock });
    const calls = () => sandbox.apiCalls().filter((call) => call.method === 'conversations.info').length;
    const before = calls();

    await directory.channelIsPrivate('C0PUBLIC');
    await directory.channelIsPrivate('C0PUBLIC');
    clock.advance(61_000);
    await directory.channelIsPrivate('C0PUBLIC');

    expect(calls() - before).toBe(2);
  });
});
