import { describe, expect, it } from 'vitest';
import type { Clock, OutboundMessage } from '../../../src/core/ports.js';
import { PacedMessage } from '../../../src/slack/asking/paced-message.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { RecordingNotifier } from '../../fakes/notifier.js';

const realClock: Clock = { now: () => new Date() };
const INTERVAL = 120;
const wait = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Records when each update started. */
class TimedNotifier extends RecordingNotifier {
  readonly starts: { at: number; text: string }[] = [];
  override async update(channelId: string, ts: string, message: OutboundMessage): Promise<void> {
    this.starts.push({ at: Date.now(), text: message.text });
    await super.update(channelId, ts, message);
  }
}

function paced(notifier: RecordingNotifier, logger = new RecordingLogger()) {
  return new PacedMessage({
    notifier,
    channelId: 'C1',
    ts: '1.1',
    clock: realClock,
    logger,
    intervalMs: INTERVAL,
  }).posted();
}

describe('a message updated as an answer streams', () => {
  it('is updated at most once per interval, with the latest text, and ends with the final content', async () => {
    // Prepare
    const notifier = new TimedNotifier();
    const message = paced(notifier);
    const posted = Date.now();

    // Act: 30 pieces, 20 ms apart (600 ms of streaming).
    let text = '';
    for (let piece = 0; piece < 30; piece++) {
      text += `${piece} `;
      message.show({ text });
      await wait(20);
    }
    await message.finish({ text: 'final' });

    // Assess
    const starts = notifier.starts;
    expect(starts.at(-1)?.text).toBe('final');
    expect(starts.length).toBeLessThanOrEqual(Math.ceil((Date.now() - posted) / INTERVAL) + 1);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect((starts[0]?.at ?? 0) - posted).toBeGreaterThanOrEqual(INTERVAL - 5);
    for (let index = 1; index < starts.length; index++) {
      expect((starts[index]?.at ?? 0) - (starts[index - 1]?.at ?? 0)).toBeGreaterThanOrEqual(INTERVAL - 5);
    }
    // Each streamed update showed everything that had arrived by then.
    for (const start of starts.slice(0, -1)) expect(text.startsWith(start.text)).toBe(true);
  });

  it('skips an update that failed while streaming; the next carries its text', async () => {
    const notifier = new TimedNotifier();
    const logger = new RecordingLogger();
    const message = paced(notifier, logger);
    notifier.failNext = 1;

    message.show({ text: 'one' });
    await wait(INTERVAL + 40);
    message.show({ text: 'one two' });
    await wait(INTERVAL + 40);
    await message.finish({ text: 'one two three' });

    expect(notifier.sent.map((sent) => (sent.kind === 'update' ? sent.message.text : sent.kind))).toEqual([
      'one two',
      'one two three',
    ]);
    expect(logger.entries.some((entry) => entry.level === 'warn')).toBe(true);
  });

  it('sends nothing more after the final content', async () => {
    const notifier = new TimedNotifier();
    const message = paced(notifier);
    await message.finish({ text: 'final' });
    message.show({ text: 'late piece' });
    await wait(INTERVAL + 40);
    expect(notifier.starts.map((start) => start.text)).toEqual(['final']);
  });
});
