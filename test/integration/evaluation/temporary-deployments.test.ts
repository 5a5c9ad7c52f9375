/**
 * The evaluation's deployments on the Bedrock emulator, through the real SDK client and tune's
 * Customizer adapter: made once per evaluation however often `prepare` is asked, answering once
 * Active, gone after `release`, refused where on-demand deployment does not exist, and swept by the
 * watch's backstop when a crash left one behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepTemporaryDeployments, TemporaryDeployments } from '../../../src/core/evaluation/deployments.js';
import { RecordingLogger } from '../../fakes/logger.js';
import {
  type BedrockStack,
  conversation,
  jsonl,
  MINUTE,
  novaJobRequest,
  startBedrockStack,
} from '../bedrock/stack.js';
import { supportDeskTraining } from '../bedrock/support-desk.js';

let stack: BedrockStack;
let modelArn: string;
const model = () => ({ modelId: 'job1', modelArn, baseModelId: 'amazon.nova-micro-v1:0:128k' });

beforeAll(async () => {
  stack = await startBedrockStack({ maxConcurrentTrainings: 10 });
  const records = supportDeskTraining().map(({ prompt, completion }) => conversation([prompt, completion]));
  const uri = await stack.put('nova/train.jsonl', jsonl(records));
  const jobs = stack.customizer();
  const { jobArn } = await jobs.createJob(
    novaJobRequest(uri, {
      baseModelIdentifier: 'amazon.nova-micro-v1:0:128k',
      customModelName: 'support-micro',
    }),
  );
  stack.clock.advance(10 * MINUTE);
  const job = await jobs.getJob(jobArn);
  if (!job.customModelArn) throw new Error(`job ended ${job.status}`);
  modelArn = job.customModelArn;
});
afterAll(async () => {
  await stack.close();
});

async function deploymentNames(): Promise<string[]> {
  return (await stack.customizer().listCustomModelDeployments()).map(
    (deployment) => deployment.deploymentName,
  );
}

describe("an evaluation's deployment", () => {
  it('is made once however often it is asked for, answers once Active, and is gone after release', async () => {
    // Prepare
    const serving = new TemporaryDeployments({ customizer: stack.customizer(), region: 'us-east-1' });

    // Act
    const first = await serving.prepare('eone', model());
    const again = await serving.prepare('eone', model());
    stack.clock.advance(3 * MINUTE);
    const ready = await serving.prepare('eone', model());
    const answer =
      ready.state === 'ready'
        ? await stack.modelRuntime().converse({
            modelId: ready.target.invokeId,
            prompt: supportDeskTraining()[0]?.prompt ?? '',
            maxTokens: 200,
            temperature: 0,
            topP: 1,
          })
        : undefined;
    const during = await deploymentNames();
    await serving.release('eone');
    await serving.release('eone');

    // Assess
    expect(first).toEqual({ state: 'preparing', temporary: true });
    expect(again).toEqual({ state: 'preparing', temporary: true });
    expect(ready).toMatchObject({ state: 'ready', temporary: true, target: { path: 'on-demand' } });
    expect(answer?.text).toContain(supportDeskTraining()[0]?.completion);
    expect(during.filter((name) => name === 'tune-eval-eone')).toHaveLength(1);
    expect(await deploymentNames()).not.toContain('tune-eval-eone');
  });

  it('is refused, and nothing is made, where models of the base answer only through Provisioned Throughput', async () => {
    // Prepare
    const serving = new TemporaryDeployments({ customizer: stack.customizer(), region: 'us-east-1' });

    // Act
    const outcome = await serving.prepare('etwo', {
      ...model(),
      baseModelId: 'meta.llama3-1-8b-instruct-v1:0:128k',
    });

    // Assess
    expect(outcome).toMatchObject({ state: 'refused' });
    expect(outcome.state === 'refused' && outcome.reason).toContain('Provisioned Throughput');
    expect(await deploymentNames()).not.toContain('tune-eval-etwo');
  });

  it('left behind by a crash, is deleted by the backstop once older than any evaluation, and nothing else is', async () => {
    // Prepare
    const serving = new TemporaryDeployments({ customizer: stack.customizer(), region: 'us-east-1' });
    await serving.prepare('ethree', model());
    await stack.customizer().createCustomModelDeployment({
      deploymentName: 'support-answers',
      modelArn,
      clientRequestToken: 'support-answers',
      tags: {},
    });
    const sweep = () =>
      sweepTemporaryDeployments({
        customizer: stack.customizer(),
        clock: { now: () => new Date(stack.clock.now()) },
        logger: new RecordingLogger(),
      });

    // Act
    const early = await sweep();
    stack.clock.advance(7 * 60 * MINUTE);
    const late = await sweep();

    // Assess
    expect(early).toEqual([]);
    expect(late).toEqual(['tune-eval-ethree']);
    expect(await deploymentNames()).toContain('support-answers');
  });
});
