/**
 * A Customizer that answers getJob from a script per job ("InProgress, InProgress, Completed"
 * in turn, the last one repeating) and throws on anything it was not scripted for.
 */
import { NotFoundError } from '../../src/core/errors.js';
import type {
  BedrockJobStatus,
  CreateCustomizationJobRequest,
  CustomizationJobInfo,
  CustomizationJobSummary,
  Customizer,
} from '../../src/core/ports.js';

type Step =
  | BedrockJobStatus
  | Error
  | { status: BedrockJobStatus; failureMessage?: string; stages?: CustomizationJobInfo['stages'] };

export class ScriptedCustomizer implements Customizer {
  readonly calls: { operation: string; argument: unknown }[] = [];
  private readonly scripts = new Map<string, Step[]>();

  script(jobIdentifier: string, ...steps: Step[]): this {
    this.scripts.set(jobIdentifier, steps);
    return this;
  }

  async getJob(jobIdentifier: string): Promise<CustomizationJobInfo> {
    this.calls.push({ operation: 'getJob', argument: jobIdentifier });
    const steps = this.scripts.get(jobIdentifier);
    if (!steps || steps.length === 0) throw new NotFoundError(`unscripted job ${jobIdentifier}`);
    const step = steps.length > 1 ? steps.shift() : steps[0];
    if (step instanceof Error) throw step;
    const { status, failureMessage, stages } =
      typeof step === 'string'
        ? { status: step, failureMessage: undefined, stages: undefined }
        : (step ?? {});
    if (!status) throw new Error('empty script step');
    return {
      jobArn: jobIdentifier.startsWith('arn:')
        ? jobIdentifier
        : `arn:aws:bedrock:us-east-1:111122223333:model-customization-job/${jobIdentifier}`,
      jobName: jobIdentifier,
      status,
      ...(failureMessage ? { failureMessage } : {}),
      ...(stages ? { stages } : {}),
      customModelName: 'model',
      baseModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-lite-v1:0:4k',
      hyperParameters: {},
      outputDataUri: 's3://bucket/outputs/',
      creationTime: new Date('2026-11-26T12:00:00Z'),
      ...(status === 'Completed'
        ? { customModelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/x' }
        : {}),
    };
  }

  private unscripted(operation: string): never {
    throw new Error(`ScriptedCustomizer: ${operation} was not scripted for this test`);
  }
  async listFoundationModels(): Promise<never> {
    return this.unscripted('listFoundationModels');
  }
  /** Every CreateModelCustomizationJob request; the same token returns the same ARN, as Bedrock does. */
  readonly creations: CreateCustomizationJobRequest[] = [];
  /** Errors the next createJob calls throw, in turn. */
  readonly createJobErrors: Error[] = [];
  async createJob(request: CreateCustomizationJobRequest): Promise<{ jobArn: string }> {
    this.calls.push({ operation: 'createJob', argument: request });
    const error = this.createJobErrors.shift();
    if (error) throw error;
    if (!this.creations.some((earlier) => earlier.clientRequestToken === request.clientRequestToken)) {
      this.creations.push(request);
    }
    return {
      jobArn: `arn:aws:bedrock:us-east-1:111122223333:model-customization-job/${request.clientRequestToken.slice(0, 12)}`,
    };
  }
  /** What listJobs returns; unset means listJobs was not expected. */
  summaries: CustomizationJobSummary[] | undefined;
  async listJobs(filter: { nameContains?: string }): Promise<CustomizationJobSummary[]> {
    this.calls.push({ operation: 'listJobs', argument: filter });
    if (!this.summaries) return this.unscripted('listJobs');
    return this.summaries.filter(
      (summary) => !filter.nameContains || summary.jobName.includes(filter.nameContains),
    );
  }
  /** Set to accept StopModelCustomizationJob (recorded in `stops`); `stopError` makes it refuse. */
  acceptStops = false;
  stopError: Error | undefined;
  readonly stops: string[] = [];
  async stopJob(jobIdentifier: string): Promise<void> {
    this.calls.push({ operation: 'stopJob', argument: jobIdentifier });
    if (!this.acceptStops) this.unscripted('stopJob');
    this.stops.push(jobIdentifier);
    if (this.stopError) throw this.stopError;
  }
  async getCustomModel(
    ..._arguments: Parameters<Customizer['getCustomModel']>
  ): ReturnType<Customizer['getCustomModel']> {
    return this.unscripted('getCustomModel');
  }
  async createProvisionedThroughput(
    ..._arguments: Parameters<Customizer['createProvisionedThroughput']>
  ): ReturnType<Customizer['createProvisionedThroughput']> {
    return this.unscripted('createProvisionedThroughput');
  }
  async getProvisionedThroughput(
    ..._arguments: Parameters<Customizer['getProvisionedThroughput']>
  ): ReturnType<Customizer['getProvisionedThroughput']> {
    return this.unscripted('getProvisionedThroughput');
  }
  async listProvisionedThroughputs(
    ..._arguments: Parameters<Customizer['listProvisionedThroughputs']>
  ): ReturnType<Customizer['listProvisionedThroughputs']> {
    return this.unscripted('listProvisionedThroughputs');
  }
  async deleteProvisionedThroughput(
    ..._arguments: Parameters<Customizer['deleteProvisionedThroughput']>
  ): ReturnType<Customizer['deleteProvisionedThroughput']> {
    return this.unscripted('deleteProvisionedThroughput');
  }
  async createCustomModelDeployment(
    ..._arguments: Parameters<Customizer['createCustomModelDeployment']>
  ): ReturnType<Customizer['createCustomModelDeployment']> {
    return this.unscripted('createCustomModelDeployment');
  }
  async getCustomModelDeployment(
    ..._arguments: Parameters<Customizer['getCustomModelDeployment']>
  ): ReturnType<Customizer['getCustomModelDeployment']> {
    return this.unscripted('getCustomModelDeployment');
  }
  async listCustomModelDeployments(
    ..._arguments: Parameters<Customizer['listCustomModelDeployments']>
  ): ReturnType<Customizer['listCustomModelDeployments']> {
    return this.unscripted('listCustomModelDeployments');
  }
  async deleteCustomModelDeployment(
    ..._arguments: Parameters<Customizer['deleteCustomModelDeployment']>
  ): ReturnType<Customizer['deleteCustomModelDeployment']> {
    return this.unscripted('deleteCustomModelDeployment');
  }
  async deleteCustomModel(
    ..._arguments: Parameters<Customizer['deleteCustomModel']>
  ): ReturnType<Customizer['deleteCustomModel']> {
    return this.unscripted('deleteCustomModel');
  }
}
