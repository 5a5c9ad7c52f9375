import { describe, expect, it } from 'vitest';
import { EndpointServingDirectory } from '../../../src/core/serving/directory.js';
import {
  acquireEvaluationEndpoint,
  EndpointEvaluationServing,
  evaluationEndpointId,
  releaseEvaluationEndpoint,
} from '../../../src/core/serving/evaluation.js';
import { deployConfirmed, proposeDeploy } from '../../../src/core/serving/propose.js';
import { watchEndpoints } from '../../../src/core/serving/watch.js';
import { HOUR, MINUTE, novaModel, setup } from './fixture.js';

describe('an evaluation’s endpoint', () => {
  it('is created on demand, calls the ready hook once it serves, and is deleted on release', async () => {
    const world = setup();
    await world.models.put(novaModel());

    const first = await acquireEvaluationEndpoint(
      { evaluationId: 'ev1', modelId: 'm1', requestedBy: 'U1' },
      world.dependencies,
    );
    const again = await acquireEvaluationEndpoint(
      { evaluationId: 'ev1', modelId: 'm1', requestedBy: 'U1' },
      world.dependencies,
    );
    expect(first).toEqual({ state: 'creating', endpointId: evaluationEndpointId('ev1') });
    expect(again).toEqual(first);
    expect(world.bedrock.resources.size).toBe(1);

    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);
    await watchEndpoints(world.dependencies);
    expect(world.ready).toEqual(['ev1']);
    const serving = await acquireEvaluationEndpoint(
      { evaluationId: 'ev1', modelId: 'm1', requestedBy: 'U1' },
      world.dependencies,
    );
    expect(serving).toMatchObject({ state: 'serving', borrowed: false, target: { path: 'on-demand' } });

    await releaseEvaluationEndpoint('ev1', world.dependencies);
    await releaseEvaluationEndpoint('ev1', world.dependencies);
    expect(world.bedrock.resources.size).toBe(0);
    expect(await world.endpoints.get(evaluationEndpointId('ev1'))).toMatchObject({
      status: 'Deleted',
      deletion: { reason: 'evaluation-released' },
    });
  });

  it('is deleted by the cost guard when never released, on-demand or not', async () => {
    const world = setup();
    await world.models.put(novaModel());
    await acquireEvaluationEndpoint(
      { evaluationId: 'ev1', modelId: 'm1', requestedBy: 'U1' },
      world.dependencies,
    );
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);

    world.clock.advance(2 * HOUR);
    await watchEndpoints(world.dependencies);

    expect(await world.endpoints.get(evaluationEndpointId('ev1'))).toMatchObject({
      status: 'Deleted',
      deletion: { reason: 'evaluation-backstop' },
    });
    expect(world.bedrock.resources.size).toBe(0);
    expect(world.reminders).toEqual([]);
    expect(
      await acquireEvaluationEndpoint(
        { evaluationId: 'ev1', modelId: 'm1', requestedBy: 'U1' },
        world.dependencies,
      ),
    ).toMatchObject({ state: 'failed', reason: expect.stringContaining('cost guard') });
  });

  it('lends the model’s serving endpoint instead of creating one, and leaves it to people', async () => {
    const world = setup();
    const model = novaModel();
    await world.models.put(model);
    const proposal = await proposeDeploy(
      {
        model,
        place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
        wantProvisioned: false,
        proposalId: 'p1',
      },
      { ...world.dependencies, proposals: world.proposals },
    );
    const chat = await deployConfirmed({ ...proposal, status: 'confirmed' }, world.dependencies);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);

    const lent = await acquireEvaluationEndpoint(
      { evaluationId: 'ev2', modelId: 'm1', requestedBy: 'U1' },
      world.dependencies,
    );
    await releaseEvaluationEndpoint('ev2', world.dependencies);

    expect(lent).toMatchObject({ state: 'serving', borrowed: true, target: { endpointId: chat.endpointId } });
    expect((await world.endpoints.get(chat.endpointId))?.status).toBe('Serving');
    expect(world.bedrock.resources.size).toBe(1);
  });

  it('buys Provisioned Throughput only when allowed, and the directory prefers people’s endpoint to it', async () => {
    const world = setup();
    // Customized before on-demand deployment existed: Provisioned Throughput only.
    await world.models.put(novaModel({ createdAt: '2025-07-01T00:00:00.000Z' }));

    await expect(
      acquireEvaluationEndpoint(
        { evaluationId: 'ev3', modelId: 'm1', requestedBy: 'U1' },
        world.dependencies,
      ),
    ).rejects.toThrow(/bills by the hour/);
    expect(world.bedrock.resources.size).toBe(0);
    await acquireEvaluationEndpoint(
      { evaluationId: 'ev3', modelId: 'm1', requestedBy: 'U1', allowProvisioned: true },
      world.dependencies,
    );
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);
    const directory = new EndpointServingDirectory(world.endpoints);
    expect((await directory.current('m1'))?.endpointId).toBe(evaluationEndpointId('ev3'));

    const model = (await world.models.get('m1')) ?? novaModel();
    const proposal = await proposeDeploy(
      {
        model,
        place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
        wantProvisioned: true,
        proposalId: 'p9',
      },
      { ...world.dependencies, proposals: world.proposals },
    );
    const chat = await deployConfirmed({ ...proposal, status: 'confirmed' }, world.dependencies);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);
    expect((await directory.current('m1'))?.endpointId).toBe(chat.endpointId);
  });

  it('asked again while it is being made, looks at Bedrock itself instead of waiting for the watch', async () => {
    // Prepare
    const world = setup();
    await world.models.put(novaModel());
    const request = { evaluationId: 'ev4', modelId: 'm1', requestedBy: 'U1' };
    await acquireEvaluationEndpoint(request, world.dependencies);

    // Act: Bedrock has made it by now; no watch run in between.
    world.clock.advance(11 * MINUTE);
    const serving = await acquireEvaluationEndpoint(request, world.dependencies);

    // Assess: serving, announced once, and the ready hook told.
    expect(serving).toMatchObject({ state: 'serving', borrowed: false });
    expect(world.announced).toContainEqual({
      endpointId: evaluationEndpointId('ev4'),
      change: 'Creating->Serving',
      status: 'Serving',
    });
    expect(world.ready).toEqual(['ev4']);
  });
});

describe('the evaluation’s serving port on tune’s endpoints', () => {
  it('prepares an endpoint of its own, says when it is ready, and releases it', async () => {
    // Prepare
    const world = setup();
    await world.models.put(novaModel());
    const serving = new EndpointEvaluationServing(world.dependencies);

    // Act
    const preparing = await serving.prepare('request-1', { modelId: 'm1' }, 'U1');
    world.clock.advance(11 * MINUTE);
    const ready = await serving.prepare('request-1', { modelId: 'm1' }, 'U1');
    await serving.release('request-1');

    // Assess
    expect(preparing).toEqual({ state: 'preparing', temporary: true });
    expect(ready).toMatchObject({ state: 'ready', temporary: true, target: { path: 'on-demand' } });
    expect(world.bedrock.resources.size).toBe(0);
  });

  it('refuses in words what serving cannot do: an hourly-only model, a deleted endpoint, an unknown model', async () => {
    // Prepare
    const world = setup();
    await world.models.put(novaModel({ modelId: 'old', createdAt: '2025-07-01T00:00:00.000Z' }));
    await world.models.put(novaModel());
    const serving = new EndpointEvaluationServing(world.dependencies);
    await serving.prepare('released', { modelId: 'm1' }, 'U1');
    await serving.release('released');

    // Act
    const hourly = await serving.prepare('request-2', { modelId: 'old' }, 'U1');
    const deleted = await serving.prepare('released', { modelId: 'm1' }, 'U1');
    const unknown = await serving.prepare('request-3', { modelId: 'nobody' }, 'U1');

    // Assess: nothing bought for any of them.
    expect(hourly).toMatchObject({ state: 'refused', reason: expect.stringContaining('bills by the hour') });
    expect(deleted).toMatchObject({ state: 'refused', reason: expect.stringContaining('released') });
    expect(unknown).toMatchObject({ state: 'refused', reason: expect.stringContaining('nobody') });
    expect(world.bedrock.resources.size).toBe(0);
  });

  it('lends the model’s chat endpoint as not temporary, so the evaluation never releases it', async () => {
    // Prepare
    const world = setup();
    const model = novaModel();
    await world.models.put(model);
    const proposal = await proposeDeploy(
      {
        model,
        place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
        wantProvisioned: false,
        proposalId: 'p1',
      },
      { ...world.dependencies, proposals: world.proposals },
    );
    await deployConfirmed({ ...proposal, status: 'confirmed' }, world.dependencies);
    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);

    // Act
    const lent = await new EndpointEvaluationServing(world.dependencies).prepare(
      'r',
      { modelId: 'm1' },
      'U1',
    );

    // Assess
    expect(lent).toMatchObject({ state: 'ready', temporary: false });
  });
});
