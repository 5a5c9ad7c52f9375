import { describe, expect, it } from 'vitest';
import {
  InputError,
  NotFoundError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../../../src/core/errors.js';
import { stopJob } from '../../../src/core/jobs/stop.js';
import { FixedClock } from '../../fakes/clock.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { InMemoryJobStore } from '../../fakes/stores.js';
import { inProgressJob } from './jobs-fixture.js';

function setup(stopError?: Error) {
  const jobs = new InMemoryJobStore();
  const customizer = new ScriptedCustomizer();
  customizer.acceptStops = true;
  customizer.stopError = stopError;
  return {
    jobs,
    customizer,
    stops: customizer.stops,
    dependencies: { jobs, customizer, clock: new FixedClock() },
  };
}

describe('stopJob', () => {
  it('asks Bedrock to stop a training job and records Stopping as a transition', async () => {
    const { jobs, stops, dependencies } = setup();
    const job = inProgressJob();
    await jobs.create(job);

    const stopping = await stopJob(job.jobId, dependencies);

    expect(stops).toEqual([job.jobArn]);
    expect(stopping).toMatchObject({ status: 'Stopping', version: 2 });
    expect(stopping?.transitions.at(-1)).toMatchObject({ from: 'InProgress', to: 'Stopping' });
  });

  it('takes a refusal for a job Bedrock is already stopping as success (a retried stop)', async () => {
    const { jobs, customizer, dependencies } = setup(
      new UpstreamRejectedError('ValidationException: job is stopping'),
    );
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'Stopping');

    expect(await stopJob(job.jobId, dependencies)).toMatchObject({ status: 'Stopping' });
  });

  it('passes on a refusal for a job Bedrock says is not stopping', async () => {
    const { jobs, customizer, dependencies } = setup(new UpstreamRejectedError('ValidationException: no'));
    const job = inProgressJob();
    await jobs.create(job);
    customizer.script(job.jobArn ?? '', 'Completed');

    await expect(stopJob(job.jobId, dependencies)).rejects.toBeInstanceOf(UpstreamRejectedError);
    expect((await jobs.get(job.jobId))?.status).toBe('InProgress');
  });

  it('lets an outage through to be retried, without asking Bedrock what it thinks', async () => {
    const { jobs, customizer, dependencies } = setup(new UpstreamUnavailableError('Bedrock 503'));
    const job = inProgressJob();
    await jobs.create(job);

    await expect(stopJob(job.jobId, dependencies)).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(customizer.calls.filter((call) => call.operation === 'getJob')).toHaveLength(0);
  });

  it('refuses a job still being handed to Bedrock, and does nothing for one already finished', async () => {
    const { jobs, stops, dependencies } = setup();
    await jobs.create(inProgressJob({ jobId: 'starting', status: 'Starting', jobArn: undefined }));
    await jobs.create(
      inProgressJob({ jobId: 'done', status: 'Completed', endedAt: '2026-11-26T11:00:00.000Z' } as never),
    );

    await expect(stopJob('starting', dependencies)).rejects.toBeInstanceOf(InputError);
    expect(await stopJob('done', dependencies)).toBeUndefined();
    await expect(stopJob('absent', dependencies)).rejects.toBeInstanceOf(NotFoundError);
    expect(stops).toEqual([]);
  });
});
