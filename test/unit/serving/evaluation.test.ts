import { describe, expect, it } from 'vitest';
import { EndpointServingDirectory } from '../../../src/core/serving/directory.js';
import {
  acquireEvaluationEndpoint,
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
});
