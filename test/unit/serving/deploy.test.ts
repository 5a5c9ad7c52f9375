import { describe, expect, it } from 'vitest';
import { InputError, JobStateConflictError, QuotaExceededError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/jobs/job.js';
import { createEndpoint, deleteEndpoint } from '../../../src/core/serving/deploy.js';
import { EndpointServingDirectory } from '../../../src/core/serving/directory.js';
import { keepEndpoint, undeployModel } from '../../../src/core/serving/manage.js';
import { recordCompletedModel } from '../../../src/core/serving/models.js';
import { deployConfirmed, endpointIdFor, proposeDeploy } from '../../../src/core/serving/propose.js';
import { refreshEndpoint, watchEndpoints } from '../../../src/core/serving/watch.js';
import { inProgressJob } from '../core/jobs-fixture.js';
import { HOUR, MINUTE, novaModel, setup } from './fixture.js';

function completedJob(): Extract<Job, { status: 'Completed' }> {
  const job = inProgressJob();
  return {
    ...job,
    status: 'Completed',
    jobArn: job.jobArn ?? '',
    endedAt: '2026-11-26T12:00:00.000Z',
  } as Extract<Job, { status: 'Completed' }>;
}

async function proposed(world: ReturnType<typeof setup>, wantProvisioned = false, proposalId = 'p1') {
  const model = novaModel();
  await world.models.put(model);
  const proposal = await proposeDeploy(
    { model, place: { teamId: 'T1', channelId: 'C1', userId: 'U1' }, wantProvisioned, proposalId },
    { ...world.dependencies, proposals: world.proposals },
  );
  return { model, proposal: { ...proposal, status: 'confirmed' as const, confirmedBy: 'U-admin' } };
}

describe('proposing a deployment', () => {
  it('prefers on-demand for a Nova model in us-east-1 and takes Provisioned Throughput when asked, price unknown', async () => {
    const world = setup();
    const { proposal } = await proposed(world);
    expect(proposal).toMatchObject({ path: 'on-demand', modelId: 'm1' });
    const { proposal: hourly } = await proposed(world, true, 'p2');
    expect(hourly).toMatchObject({ path: 'provisioned', hourlyUsd: null });
  });

  it('takes Provisioned Throughput for a model customized before on-demand deployment existed', async () => {
    const world = setup();
    const model = novaModel({ createdAt: '2025-07-01T00:00:00.000Z' });
    const proposal = await proposeDeploy(
      {
        model,
        place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
        wantProvisioned: false,
        proposalId: 'p1',
      },
      { ...world.dependencies, proposals: world.proposals },
    );
    expect(proposal.path).toBe('provisioned');
    expect(proposal.pathReason).toContain('2025-07-16');
  });

  it('refuses a model nothing can serve, one already deployed, and one of another channel', async () => {
    const world = setup();
    const titan = novaModel({ baseModelId: 'amazon.titan-text-lite-v1:0:4k' });
    const dependencies = { ...world.dependencies, proposals: world.proposals };
    const place = { teamId: 'T1', channelId: 'C1', userId: 'U1' };
    await expect(
      proposeDeploy({ model: titan, place, wantProvisioned: false, proposalId: 'p0' }, dependencies),
    ).rejects.toThrow(/offers no way to serve a model tuned on Titan Text G1 - Lite/);
    await expect(
      proposeDeploy(
        {
          model: novaModel(),
          place: { ...place, channelId: 'C2' },
          wantProvisioned: false,
          proposalId: 'p9',
        },
        dependencies,
      ),
    ).rejects.toThrow(/another channel/);

    const { proposal } = await proposed(world);
    await deployConfirmed(proposal, world.dependencies);
    await expect(
      proposeDeploy({ model: novaModel(), place, wantProvisioned: false, proposalId: 'p3' }, dependencies),
    ).rejects.toThrow(/already deployed/);
  });

  it('refuses Provisioned Throughput for a model that used its daily cap today', async () => {
    const world = setup({ start: '2026-11-26T01:00:00.000Z' });
    const { proposal } = await proposed(world, true);
    const endpoint = await deployConfirmed(proposal, world.dependencies);
    world.clock.advance(8 * HOUR + 30 * MINUTE);
    await watchEndpoints(world.dependencies);
    expect((await world.endpoints.get(endpoint.endpointId))?.deletion?.reason).toBe('daily-cap');

    await expect(proposed(world, true, 'p2')).rejects.toThrow(/daily cap of 8/);
    expect((await proposed(world, false, 'p3')).proposal.path).toBe('on-demand');
  });
});

describe('deploying', () => {
  it('creates one endpoint for one confirmation, however often it is run', async () => {
    const world = setup();
    const { proposal } = await proposed(world, true);

    const first = await deployConfirmed(proposal, world.dependencies);
    const again = await deployConfirmed(proposal, world.dependencies);

    expect(first).toMatchObject({ endpointId: endpointIdFor('p1'), status: 'Creating', path: 'provisioned' });
    expect(again.endpointId).toBe(first.endpointId);
    expect(world.bedrock.resources.size).toBe(1);
    expect(world.announced).toEqual([
      { endpointId: first.endpointId, change: 'Requested->Creating', status: 'Creating' },
    ]);
  });

  it('asks Bedrock with the same request token after a crash, and the watch adopts what Bedrock made', async () => {
    const world = setup();
    const { model } = await proposed(world, true);
    const dying = Object.create(world.bedrock) as typeof world.bedrock;
    dying.createProvisionedThroughput = async (request) => {
      await world.bedrock.createProvisionedThroughput(request);
      throw new Error('Lambda timed out');
    };
    const request = {
      endpointId: 'e-crash',
      model,
      path: 'provisioned' as const,
      purpose: 'chat' as const,
      place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
    };

    await expect(createEndpoint(request, { ...world.dependencies, customizer: dying })).rejects.toThrow(
      'Lambda timed out',
    );
    expect((await world.endpoints.get('e-crash'))?.status).toBe('Requested');

    const adopted = await refreshEndpoint(
      (await world.endpoints.get('e-crash')) ?? (undefined as never),
      world.dependencies,
      {
        checked: 0,
        reminded: 0,
        deleted: 0,
        deleteFailures: 0,
        failed: 0,
        unrecorded: 0,
        morningMessages: 0,
        storageReminders: 0,
      },
    );
    expect(adopted).toMatchObject({ status: 'Creating', arn: expect.stringContaining('provisioned-model/') });
    // A retried delivery of the press finds the endpoint and buys nothing more.
    await createEndpoint(request, world.dependencies);
    expect(world.bedrock.resources.size).toBe(1);
  });

  it('records Bedrock’s refusal as a failure with what to do, and announces it', async () => {
    const world = setup();
    const { proposal } = await proposed(world, true);
    world.bedrock.createProvisionedThroughput = async () => {
      throw new QuotaExceededError(
        'You have reached the maximum number of no-commitment Provisioned Throughputs.',
      );
    };

    const failed = await deployConfirmed(proposal, world.dependencies);

    expect(failed.status).toBe('Failed');
    expect(failed.failureMessage).toContain('delete one it does not need');
    expect(world.announced.map((entry) => entry.change)).toEqual(['Requested->Failed']);
  });

  it('gives up on an endpoint Bedrock never received after three hours, saying nothing was created', async () => {
    const world = setup();
    const { model } = await proposed(world, true);
    world.bedrock.createProvisionedThroughput = async () => {
      throw new Error('network down');
    };
    await expect(
      createEndpoint(
        {
          endpointId: 'e-lost',
          model,
          path: 'provisioned',
          purpose: 'chat',
          place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
        },
        world.dependencies,
      ),
    ).rejects.toThrow('network down');

    world.clock.advance(2 * HOUR);
    await watchEndpoints(world.dependencies);
    expect((await world.endpoints.get('e-lost'))?.status).toBe('Requested');
    world.clock.advance(HOUR + MINUTE);
    await watchEndpoints(world.dependencies);
    expect(await world.endpoints.get('e-lost')).toMatchObject({
      status: 'Failed',
      failureMessage: expect.stringContaining('Nothing was created or charged'),
    });
  });
});

describe('undeploying and Keep', () => {
  it('deletes the model’s endpoint, and a second delete of a gone endpoint is not an error', async () => {
    const world = setup();
    const { proposal, model } = await proposed(world);
    const endpoint = await deployConfirmed(proposal, world.dependencies);

    const [deleted] = await undeployModel(model, 'U-admin', world.dependencies);
    expect(deleted).toMatchObject({ status: 'Deleted', deletion: { reason: 'requested', by: 'U-admin' } });
    expect(world.bedrock.resources.size).toBe(0);
    expect(
      await deleteEndpoint(endpoint.endpointId, 'requested', 'U-admin', world.dependencies),
    ).toBeUndefined();
    await expect(undeployModel(model, 'U-admin', world.dependencies)).rejects.toThrow(InputError);
    // The decision and the deletion are both announced, the decision already knowing it is done
    // (Slack tells only the deletion then: src/slack/blocks/serving.ts).
    expect(world.announced).toEqual([
      { endpointId: endpoint.endpointId, change: 'Requested->Creating', status: 'Creating' },
      { endpointId: endpoint.endpointId, change: 'Creating->Deleting', status: 'Deleted' },
      { endpointId: endpoint.endpointId, change: 'Deleting->Deleted', status: 'Deleted' },
    ]);
  });

  it('treats Bedrock no longer having it as deleted (a retried delete)', async () => {
    const world = setup();
    const { proposal } = await proposed(world, true);
    const endpoint = await deployConfirmed(proposal, world.dependencies);
    world.bedrock.resources.clear();

    const after = await deleteEndpoint(endpoint.endpointId, 'requested', 'U-admin', world.dependencies);

    expect(after?.status).toBe('Deleted');
  });

  it('keeps a serving endpoint 2 hours from the press, and says too late for one being deleted', async () => {
    const world = setup();
    const { proposal } = await proposed(world, true);
    const endpoint = await deployConfirmed(proposal, world.dependencies);

    const kept = await keepEndpoint(endpoint.endpointId, world.dependencies);
    expect(kept?.keepUntil).toBe('2026-11-26T08:00:00.000Z');
    await deleteEndpoint(endpoint.endpointId, 'requested', 'U-admin', world.dependencies);
    expect(await keepEndpoint(endpoint.endpointId, world.dependencies)).toBeUndefined();
  });
});

describe('the serving directory', () => {
  it('answers the endpoint serving the model, and nothing while it is being created', async () => {
    const world = setup();
    const { proposal } = await proposed(world);
    const endpoint = await deployConfirmed(proposal, world.dependencies);
    const directory = new EndpointServingDirectory(world.endpoints);
    expect(await directory.current('m1')).toBeUndefined();

    world.clock.advance(11 * MINUTE);
    await watchEndpoints(world.dependencies);

    expect(await directory.current('m1')).toEqual({
      invokeId: expect.stringContaining('custom-model-deployment/'),
      path: 'on-demand',
      endpointId: endpoint.endpointId,
    });
    expect(await directory.current('another-model')).toBeUndefined();
  });
});

describe('guards around creating', () => {
  it('does not call Bedrock for an endpoint the watch gave up on while this run held an old copy', async () => {
    const world = setup();
    const { model } = await proposed(world, true);
    const request = {
      endpointId: 'e-stale',
      model,
      path: 'provisioned' as const,
      purpose: 'chat' as const,
      place: { teamId: 'T1', channelId: 'C1', userId: 'U1' },
    };
    world.bedrock.createProvisionedThroughput = async () => {
      throw new Error('network down');
    };
    await expect(createEndpoint(request, world.dependencies)).rejects.toThrow('network down');
    const stale = await world.endpoints.get('e-stale');
    world.clock.advance(3 * HOUR + MINUTE);
    await watchEndpoints(world.dependencies);
    expect((await world.endpoints.get('e-stale'))?.status).toBe('Failed');
    const calls: string[] = [];
    world.bedrock.createProvisionedThroughput = async () => {
      calls.push('create');
      return { provisionedModelArn: 'arn:aws:bedrock:us-east-1:111122223333:provisioned-model/late' };
    };
    const staleStore = Object.create(world.endpoints) as typeof world.endpoints;
    staleStore.get = async () => stale;

    await expect(
      createEndpoint(request, { ...world.dependencies, endpoints: staleStore }),
    ).rejects.toBeInstanceOf(JobStateConflictError);
    expect(calls).toEqual([]);
  });

  it('does not deploy a second endpoint from another proposal confirmed meanwhile', async () => {
    const world = setup();
    const { proposal } = await proposed(world, false, 'p1');
    const { proposal: second } = await proposed(world, false, 'p2');

    await deployConfirmed(proposal, world.dependencies);

    await expect(deployConfirmed(second, world.dependencies)).rejects.toThrow(/deployed meanwhile/);
    expect(world.bedrock.resources.size).toBe(1);
  });
});

describe('recording a completed job’s model', () => {
  it('writes the record once, with the losses Bedrock reports, and keeps a record that exists', async () => {
    const world = setup();
    const job = completedJob();
    world.bedrock.script(job.jobArn, { status: 'Completed' });
    const dependencies = { models: world.models, customizer: world.bedrock, logger: world.logger };

    const recorded = await recordCompletedModel(job, dependencies);
    await world.models.put({ ...(recorded ?? novaModel()), sharedWith: ['C9'] });
    const again = await recordCompletedModel(job, dependencies);

    expect(recorded).toMatchObject({
      modelId: 'j1',
      name: 'support-bot-v1',
      modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/x',
      threadTs: '1700000000.000100',
      createdAt: '2026-11-26T12:00:00.000Z',
    });
    expect(again?.sharedWith).toEqual(['C9']);
    expect(world.bedrock.calls.filter((call) => call.operation === 'getJob')).toHaveLength(1);
  });
});
