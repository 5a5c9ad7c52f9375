/** In-memory serving ports with the same rules as the DynamoDB adapters, and Bedrock's endpoints on a clock. */
import {
  ConflictError,
  JobStateConflictError,
  NotFoundError,
  UpstreamUnavailableError,
} from '../../src/core/errors.js';
import type {
  Clock,
  CustomModelDeploymentInfo,
  CustomModelRecord,
  CustomModelStore,
  DeployProposalStore,
  EndpointStore,
  ProvisionedThroughputInfo,
  StoredModelIndex,
  UnrecordedSnapshot,
} from '../../src/core/ports.js';
import type { DeployProposal } from '../../src/core/serving/deploy-proposal.js';
import {
  type Endpoint,
  type EndpointStatus,
  needsWatchingEndpoint,
} from '../../src/core/serving/endpoint.js';
import { isVisibleIn } from '../../src/core/serving/models.js';
import { ScriptedCustomizer } from './customizer.js';

/**
 * The custom model registry in memory, with the rules the ports promise: `listVisibleIn` finds
 * models trained in the channel or shared into it, newest first; `touch` only moves `lastUsedAt`
 * forward.
 */
export class InMemoryCustomModelStore implements CustomModelStore, StoredModelIndex {
  readonly models = new Map<string, CustomModelRecord>();
  /** Every put, in order (tests check what `/tune share` wrote). */
  readonly puts: CustomModelRecord[] = [];
  async put(model: CustomModelRecord): Promise<void> {
    this.puts.push(structuredClone(model));
    this.models.set(model.modelId, structuredClone(model));
  }
  async get(modelId: string): Promise<CustomModelRecord | undefined> {
    const model = this.models.get(modelId);
    return model ? structuredClone(model) : undefined;
  }
  async listVisibleIn(teamId: string, channelId: string, limit: number): Promise<CustomModelRecord[]> {
    return [...this.models.values()]
      .filter((model) => isVisibleIn(model, teamId, channelId))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((model) => structuredClone(model));
  }
  async touch(modelId: string, at: Date): Promise<void> {
    const model = this.models.get(modelId);
    if (!model) return;
    if (!model.lastUsedAt || model.lastUsedAt < at.toISOString()) model.lastUsedAt = at.toISOString();
  }
  async setEvaluation(
    modelId: string,
    evaluation: NonNullable<CustomModelRecord['evaluation']>,
  ): Promise<boolean> {
    const model = this.models.get(modelId);
    if (!model) return false;
    if (!model.evaluation || model.evaluation.at <= evaluation.at)
      model.evaluation = structuredClone(evaluation);
    return true;
  }
  async listStored(): Promise<CustomModelRecord[]> {
    return [...this.models.values()]
      .filter((model) => !model.deletedAt)
      .map((model) => structuredClone(model));
  }
}

export class InMemoryEndpointStore implements EndpointStore {
  readonly endpoints = new Map<string, Endpoint>();
  unrecorded: UnrecordedSnapshot | undefined;
  async create(endpoint: Endpoint): Promise<void> {
    if (this.endpoints.has(endpoint.endpointId))
      throw new ConflictError(`Endpoint ${endpoint.endpointId} exists.`);
    this.endpoints.set(endpoint.endpointId, structuredClone(endpoint));
  }
  async get(endpointId: string): Promise<Endpoint | undefined> {
    const endpoint = this.endpoints.get(endpointId);
    return endpoint ? structuredClone(endpoint) : undefined;
  }
  async transition(endpoint: Endpoint, expected: EndpointStatus): Promise<Endpoint> {
    const stored = this.endpoints.get(endpoint.endpointId);
    if (!stored || stored.status !== expected || stored.version !== endpoint.version - 1) {
      throw new JobStateConflictError(`Endpoint ${endpoint.endpointId} is no longer ${expected}.`);
    }
    this.endpoints.set(endpoint.endpointId, structuredClone(endpoint));
    return endpoint;
  }
  async markAnnounced(endpoint: Endpoint, throughVersion: number): Promise<Endpoint> {
    const stored = this.endpoints.get(endpoint.endpointId);
    if (!stored) throw new NotFoundError(`No endpoint ${endpoint.endpointId}.`);
    const marked = { ...stored, announcedVersion: Math.max(stored.announcedVersion, throughVersion) };
    this.endpoints.set(endpoint.endpointId, marked);
    return structuredClone(marked);
  }
  async listLive(): Promise<Endpoint[]> {
    return [...this.endpoints.values()]
      .filter(needsWatchingEndpoint)
      .map((endpoint) => structuredClone(endpoint));
  }
  async listLiveForModel(modelId: string): Promise<Endpoint[]> {
    return (await this.listLive()).filter((endpoint) => endpoint.modelId === modelId);
  }
  async listByModel(modelId: string, limit: number): Promise<Endpoint[]> {
    return [...this.endpoints.values()]
      .filter((endpoint) => endpoint.modelId === modelId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((endpoint) => structuredClone(endpoint));
  }
  async putUnrecorded(snapshot: UnrecordedSnapshot): Promise<void> {
    this.unrecorded = structuredClone(snapshot);
  }
  async getUnrecorded(): Promise<UnrecordedSnapshot | undefined> {
    return this.unrecorded;
  }
}

export class InMemoryDeployProposalStore implements DeployProposalStore {
  readonly proposals = new Map<string, DeployProposal>();
  async create(proposal: DeployProposal): Promise<void> {
    if (this.proposals.has(proposal.proposalId))
      throw new ConflictError(`Proposal ${proposal.proposalId} exists.`);
    this.proposals.set(proposal.proposalId, structuredClone(proposal));
  }
  async get(proposalId: string): Promise<DeployProposal | undefined> {
    const proposal = this.proposals.get(proposalId);
    return proposal ? structuredClone(proposal) : undefined;
  }
  async update(proposal: DeployProposal, expected: DeployProposal['status']): Promise<void> {
    const stored = this.proposals.get(proposal.proposalId);
    if (!stored || stored.status !== expected)
      throw new JobStateConflictError(`Proposal is no longer ${expected}.`);
    this.proposals.set(proposal.proposalId, structuredClone(proposal));
  }
}

interface FakeEndpoint {
  path: 'provisioned' | 'on-demand';
  arn: string;
  name: string;
  modelArn: string;
  token: string;
  createdAt: Date;
  failed?: string;
}

/**
 * Bedrock's Provisioned Throughputs and deployments in memory: idempotent on the request token,
 * Creating until `readyAfterMs` on the clock, then InService / Active. `failDeletes` makes the next
 * deletes fail as an outage would; `failCreation` makes an endpoint report Failed.
 */
export class FakeServingBedrock extends ScriptedCustomizer {
  readonly resources = new Map<string, FakeEndpoint>();
  readonly deletes: string[] = [];
  failDeletes = 0;
  private counter = 0;
  constructor(
    private readonly clock: Clock,
    private readonly readyAfterMs = 10 * 60_000,
  ) {
    super();
  }

  private create(path: FakeEndpoint['path'], name: string, modelArn: string, token: string): string {
    const earlier = [...this.resources.values()].find((resource) => resource.token === token);
    if (earlier) return earlier.arn;
    if ([...this.resources.values()].some((resource) => resource.name === name && resource.path === path)) {
      throw new ConflictError(`The name ${name} is in use.`);
    }
    const id = `x${String(++this.counter).padStart(11, '0')}`;
    const arn =
      path === 'provisioned'
        ? `arn:aws:bedrock:us-east-1:111122223333:provisioned-model/${id}`
        : `arn:aws:bedrock:us-east-1:111122223333:custom-model-deployment/${id}`;
    this.resources.set(arn, { path, arn, name, modelArn, token, createdAt: this.clock.now() });
    return arn;
  }

  private find(path: FakeEndpoint['path'], identifier: string): FakeEndpoint {
    const found = [...this.resources.values()].find(
      (resource) => resource.path === path && (resource.arn === identifier || resource.name === identifier),
    );
    if (!found) throw new NotFoundError(`No such ${path} endpoint ${identifier}.`);
    return found;
  }

  private ready(resource: FakeEndpoint): boolean {
    return this.clock.now().getTime() - resource.createdAt.getTime() >= this.readyAfterMs;
  }

  /** Adds an endpoint nobody in tune made. */
  addByHand(path: FakeEndpoint['path'], name: string, modelArn: string): string {
    return this.create(path, name, modelArn, `by-hand-${name}`);
  }

  failCreation(arn: string, message: string): void {
    const resource = this.resources.get(arn);
    if (resource) resource.failed = message;
  }

  override async createProvisionedThroughput(request: {
    provisionedModelName: string;
    modelId: string;
    clientRequestToken: string;
  }): Promise<{ provisionedModelArn: string }> {
    this.calls.push({ operation: 'createProvisionedThroughput', argument: request });
    return {
      provisionedModelArn: this.create(
        'provisioned',
        request.provisionedModelName,
        request.modelId,
        request.clientRequestToken,
      ),
    };
  }
  override async getProvisionedThroughput(identifier: string): Promise<ProvisionedThroughputInfo> {
    return this.describeProvisioned(this.find('provisioned', identifier));
  }
  private describeProvisioned(resource: FakeEndpoint): ProvisionedThroughputInfo {
    return {
      provisionedModelArn: resource.arn,
      provisionedModelName: resource.name,
      modelArn: resource.modelArn,
      modelUnits: 1,
      status: resource.failed ? 'Failed' : this.ready(resource) ? 'InService' : 'Creating',
      creationTime: resource.createdAt,
      ...(resource.failed ? { failureMessage: resource.failed } : {}),
    };
  }
  override async listProvisionedThroughputs(): Promise<ProvisionedThroughputInfo[]> {
    return [...this.resources.values()]
      .filter((resource) => resource.path === 'provisioned')
      .map((resource) => this.describeProvisioned(resource));
  }
  override async deleteProvisionedThroughput(identifier: string): Promise<void> {
    await this.remove('provisioned', identifier);
  }
  override async createCustomModelDeployment(request: {
    deploymentName: string;
    modelArn: string;
    clientRequestToken: string;
  }): Promise<{ deploymentArn: string }> {
    this.calls.push({ operation: 'createCustomModelDeployment', argument: request });
    return {
      deploymentArn: this.create(
        'on-demand',
        request.deploymentName,
        request.modelArn,
        request.clientRequestToken,
      ),
    };
  }
  override async getCustomModelDeployment(identifier: string): Promise<CustomModelDeploymentInfo> {
    return this.describeDeployment(this.find('on-demand', identifier));
  }
  private describeDeployment(resource: FakeEndpoint): CustomModelDeploymentInfo {
    return {
      deploymentArn: resource.arn,
      deploymentName: resource.name,
      modelArn: resource.modelArn,
      status: resource.failed ? 'Failed' : this.ready(resource) ? 'Active' : 'Creating',
      createdAt: resource.createdAt,
      ...(resource.failed ? { failureMessage: resource.failed } : {}),
    };
  }
  override async listCustomModelDeployments(): Promise<CustomModelDeploymentInfo[]> {
    return [...this.resources.values()]
      .filter((resource) => resource.path === 'on-demand')
      .map((resource) => this.describeDeployment(resource));
  }
  override async deleteCustomModelDeployment(identifier: string): Promise<void> {
    await this.remove('on-demand', identifier);
  }
  private async remove(path: FakeEndpoint['path'], identifier: string): Promise<void> {
    this.deletes.push(identifier);
    if (this.failDeletes > 0) {
      this.failDeletes--;
      throw new UpstreamUnavailableError('Bedrock is having a bad minute.');
    }
    const resource = this.find(path, identifier);
    this.resources.delete(resource.arn);
  }
  readonly deletedModels: string[] = [];
  override async deleteCustomModel(modelIdentifier: string): Promise<void> {
    this.deletedModels.push(modelIdentifier);
  }
}
