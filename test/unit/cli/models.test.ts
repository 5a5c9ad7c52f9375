import { describe, expect, it } from 'vitest';
import { createModelsCommand } from '../../../src/cli/commands/models.js';
import type { CliIo } from '../../../src/cli/io.js';
import { listCatalog } from '../../../src/core/catalog/index.js';
import { AccessDeniedError } from '../../../src/core/errors.js';
import type { Customizer, FoundationModelInfo } from '../../../src/core/ports.js';
import { tune } from './support.js';

/** A Customizer that answers ListFoundationModels from a script and fails loudly on anything else. */
function scriptedCustomizer(listing: FoundationModelInfo[] | Error, calls: string[]): Customizer {
  const unscripted = (name: string) => () => {
    throw new Error(`unscripted call to ${name}`);
  };
  return {
    listFoundationModels: async () => {
      calls.push('listFoundationModels');
      if (listing instanceof Error) throw listing;
      return listing;
    },
    createJob: unscripted('createJob'),
    getJob: unscripted('getJob'),
    listJobs: unscripted('listJobs'),
    stopJob: unscripted('stopJob'),
    getCustomModel: unscripted('getCustomModel'),
    createProvisionedThroughput: unscripted('createProvisionedThroughput'),
    getProvisionedThroughput: unscripted('getProvisionedThroughput'),
    listProvisionedThroughputs: unscripted('listProvisionedThroughputs'),
    deleteProvisionedThroughput: unscripted('deleteProvisionedThroughput'),
    createCustomModelDeployment: unscripted('createCustomModelDeployment'),
    getCustomModelDeployment: unscripted('getCustomModelDeployment'),
    listCustomModelDeployments: unscripted('listCustomModelDeployments'),
    deleteCustomModelDeployment: unscripted('deleteCustomModelDeployment'),
    deleteCustomModel: unscripted('deleteCustomModel'),
  };
}

function capture() {
  const out = { stdout: '', stderr: '' };
  const io: CliIo = {
    stdout: (text) => {
      out.stdout += text;
    },
    stderr: (text) => {
      out.stderr += text;
    },
    cwd: '/',
  };
  return { out, io };
}

function listingFromCatalog(): FoundationModelInfo[] {
  return listCatalog().map((model) => ({
    modelId: model.id,
    modelArn: `arn:aws:bedrock:us-west-2::foundation-model/${model.id}`,
    modelName: model.name,
    providerName: model.provider,
    customizationsSupported: Object.keys(model.customizations),
    inferenceTypesSupported: ['PROVISIONED'],
    lifecycleStatus: model.lifecycle.value === 'legacy' ? 'LEGACY' : 'ACTIVE',
  }));
}

describe('tune models', () => {
  it('prints a table of every model with its alias, limits and prices', async () => {
    const result = await tune(['models']);
    expect(result.code).toBe(0);
    for (const model of listCatalog()) expect(result.stdout).toContain(model.id);
    expect(result.stdout).toMatch(/titan-text-lite\s+amazon\.titan-text-lite-v1:0:4k\s+FT\+CPT/);
    expect(result.stdout).toContain('4,096 (bs 1-2), 2,048 (bs 3-6)');
    expect(result.stdout).toContain('$0.0004*');
    expect(result.stdout).toContain('4,096 in + 2,048 out');
  });

  it('filters by customization type and prints JSON', async () => {
    const result = await tune(['models', '--type', 'continued-pretraining', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((model: { id: string }) => model.id)).toEqual([
      'amazon.titan-text-lite-v1:0:4k',
      'amazon.titan-text-express-v1:0:8k',
    ]);
  });

  it('says --refresh needs AWS credentials and a region when it has no way to reach Bedrock', async () => {
    const result = await tune(['models', '--refresh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('needs AWS credentials and a region');
  });

  it('needs a region even with a Customizer', async () => {
    const calls: string[] = [];
    const command = createModelsCommand({ env: {}, customizer: () => scriptedCustomizer([], calls) });
    const { out, io } = capture();
    expect(await command.run(['--refresh'], io)).toBe(2);
    expect(out.stderr).toContain('set AWS_REGION (or pass --region)');
    expect(calls).toEqual([]);
  });

  it('compares the catalog with ListFoundationModels in the region and lists the differences', async () => {
    // Prepare: the region lists Nova 2 Lite, which the catalog lacks, and no Titan Premier.
    const listing = listingFromCatalog().filter(
      (info) => !info.modelId.startsWith('amazon.titan-text-premier'),
    );
    listing.push({
      ...(listing[0] as FoundationModelInfo),
      modelId: 'amazon.nova-2-lite-v1:0:256k',
      modelName: 'Nova 2 Lite',
    });
    const calls: string[] = [];
    const regions: string[] = [];
    const command = createModelsCommand({
      env: { AWS_REGION: 'us-west-2' },
      customizer: (region) => {
        regions.push(region);
        return scriptedCustomizer(listing, calls);
      },
    });
    const { out, io } = capture();

    // Act
    const code = await command.run(['--refresh'], io);

    // Assess
    expect(code).toBe(0);
    expect(regions).toEqual(['us-west-2']);
    expect(calls).toEqual(['listFoundationModels']);
    expect(out.stdout).toContain(
      'Compared with ListFoundationModels in us-west-2: 17 of 18 catalog models listed.',
    );
    expect(out.stdout).toMatch(/missing\s+Titan Text Premier/);
    expect(out.stdout).toMatch(/unknown\s+Nova 2 Lite \(amazon\.nova-2-lite-v1:0:256k\)/);
  });

  it('prints the comparison as JSON for --refresh --json and honours --region', async () => {
    const regions: string[] = [];
    const command = createModelsCommand({
      env: { AWS_REGION: 'us-east-1' },
      customizer: (region) => {
        regions.push(region);
        return scriptedCustomizer(listingFromCatalog(), []);
      },
    });
    const { out, io } = capture();
    expect(await command.run(['--refresh', '--region', 'eu-west-1', '--json'], io)).toBe(0);
    expect(regions).toEqual(['eu-west-1']);
    expect(JSON.parse(out.stdout)).toMatchObject({ region: 'eu-west-1', differences: [] });
  });

  it('explains missing credentials when Bedrock refuses', async () => {
    const command = createModelsCommand({
      env: { AWS_REGION: 'us-east-1' },
      customizer: () =>
        scriptedCustomizer(
          new AccessDeniedError('not authorized to perform bedrock:ListFoundationModels'),
          [],
        ),
    });
    const { out, io } = capture();
    expect(await command.run(['--refresh'], io)).toBe(2);
    expect(out.stderr).toContain('needs AWS credentials and a region');
    expect(out.stderr).toContain('bedrock:ListFoundationModels');
  });
});
