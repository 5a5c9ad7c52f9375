import { describe, expect, it } from 'vitest';
import { acceptOnce } from '../../../src/core/work/accept.js';
import { FixedClock } from '../../fakes/clock.js';
import { InMemoryIdempotencyStore, RecordingQueue } from '../../fakes/stores.js';

describe('acceptOnce', () => {
  it('queues the first delivery of a key and drops the retries', async () => {
    const clock = new FixedClock();
    const dependencies = {
      idempotency: new InMemoryIdempotencyStore(clock),
      queue: new RecordingQueue<string>(),
    };

    const first = await acceptOnce(dependencies, 'event:Ev1', 'work');
    const retry = await acceptOnce(dependencies, 'event:Ev1', 'work');

    expect([first, retry]).toEqual(['accepted', 'duplicate']);
    expect(dependencies.queue.sent).toEqual([{ id: 'event:Ev1', body: 'work' }]);
  });

  it('accepts the retry when handing the first delivery to the queue failed', async () => {
    const clock = new FixedClock();
    const dependencies = {
      idempotency: new InMemoryIdempotencyStore(clock),
      queue: new RecordingQueue<string>(),
    };
    dependencies.queue.failNext = 1;

    await expect(acceptOnce(dependencies, 'event:Ev2', 'work')).rejects.toThrow('queue unavailable');
    const retry = await acceptOnce(dependencies, 'event:Ev2', 'work');

    expect(retry).toBe('accepted');
    expect(dependencies.queue.sent).toHaveLength(1);
  });

  it('forgets keys after a day, when Slack has long stopped retrying', async () => {
    const clock = new FixedClock();
    const dependencies = {
      idempotency: new InMemoryIdempotencyStore(clock),
      queue: new RecordingQueue<string>(),
    };
    await acceptOnce(dependencies, 'event:Ev3', 'work');
    clock.advance(24 * 60 * 60 * 1000 + 1);
    expect(await acceptOnce(dependencies, 'event:Ev3', 'work')).toBe('accepted');
  });
});
