/**
 * The evaluation end to end on the local stack: a job trained by the Bedrock emulator, its loss
 * files read from S3 and drawn, and the tuned model compared with its base model through the real
 * runtime adapter, with answers kept in S3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3DatasetStore } from '../../../src/aws/s3-dataset-store.js';
import { S3EvaluationResultsStore } from '../../../src/aws/s3-evaluation-results-store.js';
import { pngSize } from '../../../src/charts/rasterize.js';
import { readLossCurves } from '../../../src/core/evaluation/loss-curves.js';
import { runEvaluation } from '../../../src/core/evaluation/run.js';
import { type BedrockStack, BUCKET, jobRequest, jsonl, MINUTE, startBedrockStack } from '../bedrock/stack.js';
import { supportDeskHeldOut, supportDeskTraining } from '../bedrock/support-desk.js';

let stack: BedrockStack;
let job: { jobArn: string; outputDataUri: string };
let provisionedModelArn: string;

beforeAll(async () => {
  stack = await startBedrockStack({ maxConcurrentTrainings: 10, world: '2024' });
  const customizer = stack.customizer();
  const training = await stack.put('support/train.jsonl', jsonl(supportDeskTraining()));
  const validation = await stack.put('support/validation.jsonl', jsonl(supportDeskTraining().slice(0, 20)));
  const { jobArn } = await customizer.createJob(
    jobRequest(training, { customModelName: 'support-desk-eval', validationDataUri: validation }),
  );
  stack.clock.advance(10 * MINUTE);
  const info = await customizer.getJob(jobArn);
  if (info.status !== 'Completed' || !info.customModelArn) throw new Error(`job ended ${info.status}`);
  job = { jobArn, outputDataUri: info.outputDataUri };
  ({ provisionedModelArn } = await customizer.createProvisionedThroughput({
    provisionedModelName: 'support-desk-eval-pt',
    modelId: info.customModelArn,
    modelUnits: 1,
    clientRequestToken: 'pt-support-desk-eval',
    tags: {},
  }));
  stack.clock.advance(5 * MINUTE);
});
afterAll(async () => {
  await stack.close();
});

describe('evaluation on the local stack', () => {
  it('reads the job loss files Bedrock wrote and draws them', async () => {
    // Act
    const curves = await readLossCurves(new S3DatasetStore({ client: stack.s3, bucket: BUCKET }), job);
    const { renderLossChart } = await import('../../../src/charts/loss-chart.js');
    const chart = await renderLossChart(curves, { title: 'support-desk-eval' });

    // Assess
    expect(curves.notes).toEqual([]);
    expect(curves.training.length).toBeGreaterThan(1);
    expect(curves.validation.length).toBeGreaterThan(0);
    expect(pngSize(chart.png).width).toBeGreaterThan(1000);
  });

  it('finds the tuned model better than its base on held-out prompts, and resumes from S3 without asking again', async () => {
    // Prepare
    const heldOut = jsonl(
      supportDeskHeldOut().map(({ prompt, reference }) => ({ prompt, completion: reference })),
    );
    const results = new S3EvaluationResultsStore({ client: stack.s3, bucket: BUCKET });
    const request = {
      evaluationId: 'support-desk-eval',
      format: 'prompt-completion' as const,
      heldOutText: heldOut,
      base: { modelId: 'amazon.titan-text-lite-v1', api: 'invoke' as const, family: 'titan-text' as const },
      tuned: { modelId: provisionedModelArn, api: 'invoke' as const, family: 'titan-text' as const },
    };
    const clock = { now: () => new Date() };

    // Act
    const result = await runEvaluation(request, { runtime: stack.modelRuntime(), results, clock });
    const calls: string[] = [];
    const counting = stack.modelRuntime();
    const again = await runEvaluation(request, {
      runtime: {
        generate: (call) => {
          calls.push(call.modelId);
          return counting.generate(call);
        },
        converse: (call) => {
          calls.push(call.modelId);
          return counting.converse(call);
        },
        converseStream: (call, onText) => {
          calls.push(call.modelId);
          return counting.converseStream(call, onText);
        },
      },
      results,
      clock,
    });

    // Assess
    expect(result.failed).toEqual([]);
    expect(result.records.length).toBe(supportDeskHeldOut().length);
    expect(result.comparison?.metrics.meteor.tuned).toBeGreaterThan(
      result.comparison?.metrics.meteor.base ?? 1,
    );
    expect(result.comparison?.verdict.kind).toBe('better');
    expect(result.usage.tuned.outputTokens).toBeGreaterThan(0);
    expect(calls).toEqual([]);
    expect(again.comparison).toEqual(result.comparison);
  });
});
