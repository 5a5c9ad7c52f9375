import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../src/core/serving/endpoint.js';
import { hourlyCostSoFar, hoursToday } from '../../../src/core/serving/endpoint.js';
import { guardVerdict, nextDeadline } from '../../../src/core/serving/guard.js';
import { HOUR, MINUTE } from './fixture.js';

const SETTINGS = { idleTtlMinutes: 120, maxEndpointHoursPerDay: 8 };
const ACCEPTED = Date.parse('2026-11-26T08:00:00.000Z');

function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    endpointId: 'e1',
    status: 'Serving',
    modelId: 'm1',
    modelName: 'support-bot',
    modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/x/abcdefabcdef',
    baseModelId: 'amazon.nova-micro-v1:0:128k',
    path: 'provisioned',
    purpose: 'chat',
    bedrockName: 'tune-e1',
    clientRequestToken: 't',
    arn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/abc',
    place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
    hourlyUsd: 7.1,
    modelUnits: 1,
    createdAt: new Date(ACCEPTED).toISOString(),
    updatedAt: new Date(ACCEPTED).toISOString(),
    acceptedAt: new Date(ACCEPTED).toISOString(),
    servingSince: new Date(ACCEPTED + 20 * MINUTE).toISOString(),
    version: 3,
    transitions: [],
    announcedVersion: 3,
    ...overrides,
  };
}

const at = (offset: number) => new Date(ACCEPTED + offset);

describe('nextDeadline', () => {
  it('deletes an idle Provisioned Throughput the idle time after it started serving, or after its last question', () => {
    // Act
    const fresh = nextDeadline(endpoint(), undefined, SETTINGS, at(HOUR));
    const asked = nextDeadline(endpoint(), at(3 * HOUR).toISOString(), SETTINGS, at(3 * HOUR));

    // Assess
    expect(fresh).toEqual({ at: at(20 * MINUTE + 2 * HOUR), reason: 'idle' });
    expect(asked).toEqual({ at: at(5 * HOUR), reason: 'idle' });
  });

  it('keeps a kept endpoint until its Keep runs out, even when idle before', () => {
    const kept = endpoint({ keepUntil: at(4 * HOUR).toISOString() });
    expect(nextDeadline(kept, undefined, SETTINGS, at(2 * HOUR))).toEqual({
      at: at(4 * HOUR),
      reason: 'idle',
    });
  });

  it('caps the hours of a UTC day, however often the endpoint is asked, and starts counting again at midnight', () => {
    const busy = at(7 * HOUR).toISOString();
    expect(nextDeadline(endpoint(), busy, SETTINGS, at(7 * HOUR))).toEqual({
      at: at(8 * HOUR),
      reason: 'daily-cap',
    });
    // Accepted at 20:00: 4 hours that day, then 8 more from midnight.
    const late = endpoint({
      acceptedAt: '2026-11-26T20:00:00.000Z',
      servingSince: '2026-11-26T20:10:00.000Z',
    });
    const nextDay = new Date('2026-11-27T03:00:00.000Z');
    expect(nextDeadline(late, nextDay.toISOString(), SETTINGS, nextDay)).toEqual({
      at: new Date('2026-11-27T05:00:00.000Z'),
      reason: 'idle',
    });
    expect(
      nextDeadline(late, '2026-11-27T07:00:00.000Z', SETTINGS, new Date('2026-11-27T07:00:00.000Z')),
    ).toEqual({
      at: new Date('2026-11-27T08:00:00.000Z'),
      reason: 'daily-cap',
    });
  });

  it('never deletes an on-demand deployment people ask, and always deletes an evaluation’s', () => {
    const onDemand = endpoint({ path: 'on-demand', hourlyUsd: undefined });
    expect(nextDeadline(onDemand, undefined, SETTINGS, at(100 * HOUR))).toBeUndefined();
    const evaluation = endpoint({ path: 'on-demand', purpose: 'evaluation', evaluationId: 'ev1' });
    expect(nextDeadline(evaluation, undefined, SETTINGS, at(HOUR))).toEqual({
      at: at(20 * MINUTE + 2 * HOUR),
      reason: 'evaluation-backstop',
    });
    // Asked for again (keepUntil moved), it lives on.
    const again = { ...evaluation, keepUntil: at(5 * HOUR).toISOString() };
    expect(nextDeadline(again, undefined, SETTINGS, at(HOUR))?.at).toEqual(at(5 * HOUR));
  });
});

describe('guardVerdict', () => {
  const deadline = at(20 * MINUTE + 2 * HOUR);

  it('does nothing until 15 minutes before the deadline, then reminds with Keep', () => {
    expect(
      guardVerdict(endpoint(), undefined, SETTINGS, new Date(deadline.getTime() - 16 * MINUTE)).action,
    ).toBe('none');
    expect(guardVerdict(endpoint(), undefined, SETTINGS, new Date(deadline.getTime() - 14 * MINUTE))).toEqual(
      {
        action: 'remind',
        deadline: { at: deadline, reason: 'idle' },
        keepable: true,
      },
    );
  });

  it('deletes at the deadline once reminded, giving at least 10 minutes of notice to a late reminder', () => {
    const reminded = endpoint({
      reminder: {
        deadline: deadline.toISOString(),
        at: new Date(deadline.getTime() - 12 * MINUTE).toISOString(),
      },
    });
    expect(guardVerdict(reminded, undefined, SETTINGS, new Date(deadline.getTime() - MINUTE)).action).toBe(
      'none',
    );
    expect(guardVerdict(reminded, undefined, SETTINGS, deadline).action).toBe('delete');

    const late = endpoint({
      reminder: {
        deadline: deadline.toISOString(),
        at: new Date(deadline.getTime() + 2 * MINUTE).toISOString(),
      },
    });
    expect(guardVerdict(late, undefined, SETTINGS, new Date(deadline.getTime() + 5 * MINUTE)).action).toBe(
      'none',
    );
    expect(guardVerdict(late, undefined, SETTINGS, new Date(deadline.getTime() + 12 * MINUTE)).action).toBe(
      'delete',
    );
  });

  it('reminds again for a new deadline: a reminder for an older one does not count', () => {
    const old = endpoint({
      reminder: { deadline: at(HOUR).toISOString(), at: at(50 * MINUTE).toISOString() },
    });
    expect(guardVerdict(old, undefined, SETTINGS, new Date(deadline.getTime() - 5 * MINUTE)).action).toBe(
      'remind',
    );
  });

  it('deletes 30 minutes past the deadline even if no reminder could be posted (Slack down)', () => {
    expect(
      guardVerdict(endpoint(), undefined, SETTINGS, new Date(deadline.getTime() + 29 * MINUTE)).action,
    ).toBe('remind');
    expect(
      guardVerdict(endpoint(), undefined, SETTINGS, new Date(deadline.getTime() + 30 * MINUTE)).action,
    ).toBe('delete');
  });

  it('reminds of a daily cap without Keep', () => {
    const verdict = guardVerdict(
      endpoint(),
      at(7 * HOUR + 40 * MINUTE).toISOString(),
      SETTINGS,
      at(7 * HOUR + 50 * MINUTE),
    );
    expect(verdict).toEqual({
      action: 'remind',
      deadline: { at: at(8 * HOUR), reason: 'daily-cap' },
      keepable: false,
    });
  });

  it('deletes an evaluation’s endpoint at its deadline, without a reminder', () => {
    const evaluation = endpoint({ purpose: 'evaluation', evaluationId: 'ev1' });
    expect(guardVerdict(evaluation, undefined, SETTINGS, new Date(deadline.getTime() - MINUTE)).action).toBe(
      'none',
    );
    expect(guardVerdict(evaluation, undefined, SETTINGS, deadline).action).toBe('delete');
  });

  it('judges only endpoints that are being created or serving', () => {
    for (const status of ['Requested', 'Deleting', 'Deleted', 'Failed'] as const) {
      expect(guardVerdict(endpoint({ status }), undefined, SETTINGS, at(100 * HOUR)).action).toBe('none');
    }
  });
});

describe('what an endpoint has cost', () => {
  it('counts hours from acceptance to deletion at the hourly price, and says unknown without a price', () => {
    const deleted = endpoint({ deletedAt: at(3 * HOUR + 30 * MINUTE).toISOString(), status: 'Deleted' });
    expect(hourlyCostSoFar(deleted, at(10 * HOUR))).toBeCloseTo(3.5 * 7.1);
    expect(hourlyCostSoFar(endpoint({ hourlyUsd: null }), at(HOUR))).toBeUndefined();
    expect(hourlyCostSoFar(endpoint({ path: 'on-demand' }), at(HOUR))).toBe(0);
    expect(hoursToday(endpoint({ acceptedAt: '2026-11-25T22:00:00.000Z' }), at(HOUR))).toBeCloseTo(9);
  });
});
