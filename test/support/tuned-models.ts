/**
 * Makes the model a test job produced askable, as the serving side will once its registry and
 * directory land: the custom model record written to the registry, and an on-demand deployment
 * created through the real Customizer on the emulator and waited for (on the manual clock) until
 * it is Active, registered as what serves the model.
 */
import { BedrockCustomizer } from '../../src/aws/bedrock-customizer.js';
import type { Job } from '../../src/core/jobs/job.js';
import type { CustomModelRecord } from '../../src/core/ports.js';
import type { LocalStack } from '../../src/local/stack.js';
import type { InMemoryCustomModelStore, InMemoryServingDirectory } from '../fakes/custom-models.js';

export interface TestRegistry {
  customModels: InMemoryCustomModelStore;
  serving: InMemoryServingDirectory;
}

/** The record the serving side writes for a completed job (its id is the job's id). */
export function recordOfJob(job: Job): CustomModelRecord {
  if (job.status !== 'Completed' || !job.customModelArn) {
    throw new Error(`job ${job.jobId} is ${job.status}, without a custom model`);
  }
  return {
    modelId: job.jobId,
    teamId: job.place.teamId,
    channelId: job.place.channelId,
    userId: job.place.userId,
    name: job.customModelName,
    modelArn: job.customModelArn,
    baseModelId: job.baseModelId,
    customizationType: job.customizationType,
    createdAt: job.endedAt,
    sharedWith: [],
  };
}

/** Records the job's model and deploys it on demand; returns the record and the deployment ARN. */
export async function deployTunedModel(
  stack: LocalStack,
  job: Job,
  registry: TestRegistry,
  advance: (milliseconds: number) => void,
): Promise<{ record: CustomModelRecord; deploymentArn: string }> {
  const record = recordOfJob(job);
  const customizer = new BedrockCustomizer({ client: stack.clients.bedrock });
  const { deploymentArn } = await customizer.createCustomModelDeployment({
    deploymentName: `ask-${job.jobId}`.slice(0, 63),
    modelArn: record.modelArn,
    clientRequestToken: `ask-${job.jobId}`,
    tags: {},
  });
  for (let minutes = 0; ; minutes++) {
    const deployment = await customizer.getCustomModelDeployment(deploymentArn);
    if (deployment.status === 'Active') break;
    if (deployment.status === 'Failed' || minutes > 30) {
      throw new Error(`deployment ${deploymentArn} is ${deployment.status}: ${deployment.failureMessage}`);
    }
    advance(60_000);
  }
  await registry.customModels.put(record);
  registry.serving.serve(record.modelId, {
    invokeId: deploymentArn,
    path: 'on-demand',
    endpointId: deploymentArn,
  });
  return { record, deploymentArn };
}
