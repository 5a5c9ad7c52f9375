import { describe, expect, it } from 'vitest';
import { endpointTransitioned } from '../../../src/core/serving/endpoint.js';
import { keepEndpoint } from '../../../src/core/serving/manage.js';
import { deployConfirmed, proposeDeploy } from '../../../src/core/serving/propose.js';
import { watchEndpoints } from '../../../src/core/serving/watch.js';
import { HOUR, MINUTE, novaModel, setup } from './fixture.js';

/** A Provisioned Throughput of model m1, confirmed and created at the world's clock. */
async function deployed(world: ReturnType<typeof setup>, wantProvisioned = true) {
  const model = novaModel();
  await world.models.put(model);
  const proposal = await proposeDeploy(
    { model, place: { teamId: 'T1', channelId: 'C1', userId: 'U1' }, wantProvisioned, proposalId: 'p1' },
    { ...world.dependencies, proposals: world.proposals },
  );
  return deployConfirmed({ ...proposal, status: 'confirmed', confirmedBy: 'U-admin' }, world.dependencies);
}

describe('the endpoint watch', () => {
  it('follows a Provisioned Throughput to InService and tells the thread once', async () => {
    const world = setup();
    const endpoint = await deployed(world);

    world.clock.advance(5 * MINUTE);
    await watchEndpoints(world.dependencies);
    world.clock.advance(6 * MINUTE);
    await watchEndpoints(world.dependencies);
    await watchEndpoints(world.dependencies);

    expect(await world.endpoints.get(endpoint.endpointId)).toMatchObject({
      status: 'Serving',
      servingSince: '2026-11-26T06:11:00.000Z',
    });
    expect(world.announced.map((entry) => entry.change)).toEqual([
      'Requested->Creating',
      'Creating->Serving',
    ]);
  });

  it('reminds once per deadline, keeps on Keep, and deletes at the kept deadline', async () => {
    const world = setup();
    const endpoint = await deployed(world);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);
    // Serving since 06:11: idle deadline 08:11.
    world.clock.advance(106 * MINUTE);
    await watchEndpoints(world.dependencies);
    world.clock.advance(5 * MINUTE);
    await watchEndpoints(world.dependencies);
    expect(world.reminders).toEqual([
      {
        endpointId: endpoint.endpointId,
        deadline: { at: new Date('2026-11-26T08:11:00.000Z'), reason: 'idle' },
        keepable: true,
      },
    ]);

    await keepEndpoint(endpoint.endpointId, world.dependencies);
    world.clock.advance(20 * MINUTE);
    await watchEndpoints(world.dependencies);
    expect((await world.endpoints.get(endpoint.endpointId))?.status).toBe('Serving');

    // Kept at 08:02 until 10:02: a second reminder, then the deletion.
    world.clock.set('2026-11-26T09:50:00.000Z');
    await watchEndpoints(world.dependencies);
    expect(world.reminders).toHaveLength(2);
    world.clock.set('2026-11-26T10:03:00.000Z');
    await watchEndpoints(world.dependencies);
    expect(await world.endpoints.get(endpoint.endpointId)).toMatchObject({
      status: 'Deleted',
      deletion: { reason: 'idle' },
    });
    expect(world.bedrock.resources.size).toBe(0);
  });

  it('asks Slack again for a reminder it could not post, and deletes anyway 30 minutes past the deadline', async () => {
    const world = setup();
    const endpoint = await deployed(world);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);

    world.failNextSlackCalls(100);
    world.clock.advance(2 * HOUR - 5 * MINUTE);
    await watchEndpoints(world.dependencies);
    world.clock.advance(20 * MINUTE);
    await watchEndpoints(world.dependencies);
    expect((await world.endpoints.get(endpoint.endpointId))?.status).toBe('Serving');
    world.clock.advance(15 * MINUTE);
    await watchEndpoints(world.dependencies);
    expect((await world.endpoints.get(endpoint.endpointId))?.status).toBe('Deleted');
    expect(world.bedrock.resources.size).toBe(0);

    // Slack back: the owed changes are told, in order.
    world.failNextSlackCalls(0);
    await watchEndpoints(world.dependencies);
    expect(world.announced.map((entry) => entry.change)).toEqual([
      'Requested->Creating',
      'Creating->Serving',
      'Serving->Deleting',
      'Deleting->Deleted',
    ]);
  });

  it('retries a failed delete on every run, keeping the endpoint in the index until one succeeds', async () => {
    const world = setup();
    const endpoint = await deployed(world);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);
    world.bedrock.failDeletes = 3;

    world.clock.advance(3 * HOUR);
    const first = await watchEndpoints(world.dependencies);
    world.clock.advance(5 * MINUTE);
    await watchEndpoints(world.dependencies);
    world.clock.advance(5 * MINUTE);
    await watchEndpoints(world.dependencies);
    const pending = await world.endpoints.get(endpoint.endpointId);
    world.clock.advance(5 * MINUTE);
    const last = await watchEndpoints(world.dependencies);

    expect(first.deleteFailures).toBe(1);
    expect(pending).toMatchObject({
      status: 'Deleting',
      deletion: { attempts: 3, lastError: 'Bedrock is having a bad minute.' },
    });
    expect(last.deleted).toBe(1);
    expect(world.bedrock.deletes).toHaveLength(4);
    expect(await world.endpoints.listLive()).toEqual([]);
  });

  it('lists an endpoint Bedrock has that tune did not make, and never deletes it', async () => {
    const world = setup();
    const model = novaModel();
    await world.models.put(model);
    const arn = world.bedrock.addByHand('provisioned', 'made-by-hand', model.modelArn);
    world.bedrock.addByHand(
      'provisioned',
      'someone-elses',
      'arn:aws:bedrock:us-east-1:111122223333:custom-model/x/zzzzzzzzzzzz',
    );

    world.clock.set('2026-11-27T09:05:00.000Z');
    const result = await watchEndpoints(world.dependencies);
    world.clock.advance(48 * HOUR);
    await watchEndpoints(world.dependencies);

    expect(result.unrecorded).toBe(2);
    expect(world.bedrock.resources.has(arn)).toBe(true);
    expect(world.bedrock.deletes).toEqual([]);
    expect((await world.endpoints.getUnrecorded())?.endpoints).toEqual([
      expect.objectContaining({ name: 'made-by-hand', modelId: 'm1', modelName: 'support-bot-m1' }),
      expect.objectContaining({ name: 'someone-elses' }),
    ]);
    // Listed in the channel of the model it serves, every morning; the other one in no channel.
    expect(
      world.mornings.map((report) => [report.channelId, report.unrecorded.map((foreign) => foreign.name)]),
    ).toEqual([
      ['C1', ['made-by-hand']],
      ['C1', ['made-by-hand']],
    ]);
  });

  it('does not list tune’s own endpoint as made by hand, live or still being deleted by Bedrock', async () => {
    const world = setup();
    const endpoint = await deployed(world);
    await watchEndpoints(world.dependencies);
    expect((await world.endpoints.getUnrecorded())?.endpoints).toEqual([]);

    // Recorded Deleted while Bedrock still lists it (deleting takes a while in real Bedrock).
    const stored = (await world.endpoints.get(endpoint.endpointId)) ?? endpoint;
    await world.endpoints.transition(
      endpointTransitioned(stored, 'Deleted', world.clock.now(), {
        deletedAt: world.clock.now().toISOString(),
      }),
      stored.status,
    );
    await watchEndpoints(world.dependencies);

    expect(world.bedrock.resources.size).toBe(1);
    expect((await world.endpoints.getUnrecorded())?.endpoints).toEqual([]);
  });

  it('sends one morning message per channel and day, from 09:00 UTC, with hours and cost so far', async () => {
    const world = setup();
    await deployed(world);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);
    expect(world.mornings).toEqual([]);

    world.clock.set('2026-11-26T07:50:00.000Z');
    await world.models.touch('m1', new Date('2026-11-26T07:50:00.000Z'));
    await watchEndpoints(world.dependencies);
    world.clock.set('2026-11-26T09:00:00.000Z');
    world.failNextSlackCalls(1);
    await watchEndpoints(world.dependencies);
    world.clock.advance(5 * MINUTE);
    await watchEndpoints(world.dependencies);
    world.clock.advance(5 * MINUTE);
    await watchEndpoints(world.dependencies);

    expect(world.mornings).toHaveLength(1);
    expect(world.mornings[0]?.endpoints[0]?.deadline).toEqual({
      at: new Date('2026-11-26T09:50:00.000Z'),
      reason: 'idle',
    });
  });

  it('reminds of the storage fee of a model unused for 30 days, once per 30 days', async () => {
    const world = setup({ start: '2026-11-26T09:30:00.000Z' });
    await world.models.put(novaModel({ lastUsedAt: '2026-10-20T09:00:00.000Z' }));
    await world.models.put(novaModel({ modelId: 'fresh', lastUsedAt: '2026-11-20T09:00:00.000Z' }));
    await world.models.put(
      novaModel({
        modelId: 'gone',
        lastUsedAt: '2026-01-01T09:00:00.000Z',
        deletedAt: '2026-02-01T00:00:00.000Z',
      }),
    );

    for (let day = 0; day < 40; day++) {
      await watchEndpoints(world.dependencies);
      world.clock.advance(24 * HOUR);
    }

    expect(world.storage).toEqual([
      { modelId: 'm1', unusedDays: 37 },
      { modelId: 'm1', unusedDays: 60 },
      { modelId: 'fresh', unusedDays: 30 },
    ]);
  });

  it('notices an endpoint deleted outside tune, and a deployment Bedrock failed', async () => {
    const world = setup();
    const endpoint = await deployed(world, false);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);
    world.bedrock.resources.clear();
    await watchEndpoints(world.dependencies);
    expect(await world.endpoints.get(endpoint.endpointId)).toMatchObject({
      status: 'Deleted',
      deletion: { reason: 'outside-tune' },
    });

    const other = setup();
    const failing = await deployed(other, false);
    other.bedrock.failCreation(failing.arn ?? '', 'Internal failure while deploying.');
    await watchEndpoints(other.dependencies);
    expect(await other.endpoints.get(failing.endpointId)).toMatchObject({
      status: 'Failed',
      failureMessage: 'Internal failure while deploying.',
    });
    expect(other.bedrock.resources.size).toBe(0);
  });
});
