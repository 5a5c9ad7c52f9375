import { describe, expect, it } from 'vitest';
import { createModelsCommand } from '../../../src/cli/commands/models.js';
import type { CliIo } from '../../../src/cli/io.js';
import { catalogOffers, listCatalog } from '../../../src/core/catalog/index.js';
import { AccessDeniedError, UpstreamUnavailableError } from '../../../src/core/errors.js';
import type { Customizer, FoundationModelInfo } from '../../../src/core/ports.js';
import { startModal } from '../../../src/slack/blocks/start-modal.js';
import { entry, ScriptedPriceList } from '../../fakes/prices.js';
import { tune } from './support.js';

/**
 * A Customizer that answers ListFoundationModels from a script, filtered by customization type as
 * Bedrock does, and fails loudly on anything else.
 */
function scriptedCustomizer(listing: FoundationModelInfo[] | Error, calls: string[]): Customizer {
  const unscripted = (name: string) => () => {
    throw new Error(`unscripted call to ${name}`);
  };
  return {
    listFoundationModels: async (filter) => {
      calls.push(`listFoundationModels ${filter?.customizationType ?? 'all'}`);
      if (listing instanceof Error) throw listing;
      const type = filter?.customizationType;
      return type ? listing.filter((info) => info.customizationsSupported.includes(type)) : listing;
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

/** What a region lists when it agrees with the catalog: models past end of life are gone. */
function listingFromCatalog(): FoundationModelInfo[] {
  return listCatalog()
    .filter((model) => model.lifecycle.value !== 'end-of-life')
    .map((model) => ({
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
  it('fits 100 columns by default, every alias whole on its line', async () => {
    // Act
    const result = await tune(['models']);

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(100);
    for (const model of listCatalog())
      expect(lines.some((line) => line.startsWith(`${model.aliases[0]} `))).toBe(true);
    expect(result.stdout).toMatch(/^llama3\.1-8b +FT +prompt-completion +16,000 +us-west-2 +active$/m);
    expect(result.stdout).toMatch(/^titan-text-lite .* EOL 2025-08-12\?$/m);
    expect(result.stdout).toContain('`tune models --wide` adds the model ids, prices and serving.');
  });

  it('uses the width of a wider terminal instead of wrapping', async () => {
    const { out, io } = capture();

    await createModelsCommand({ env: {} }).run([], { ...io, stdoutColumns: 200 });

    expect(out.stdout).toMatch(
      /^titan-text-lite +FT\+CPT +prompt-completion, continued-pretraining +4,096 \(bs 1-2\), 2,048 \(bs 3-6\) /m,
    );
  });

  it('marks a model still offered before its end date as legacy, as the start form does', async () => {
    // Prepare: a day when Llama 3.2 and Claude 3 Haiku are retiring but not yet gone.
    const now = new Date('2026-06-01T00:00:00.000Z');
    const { out, io } = capture();

    // Act
    await createModelsCommand({ env: {}, now: () => now }).run([], io);

    // Assess
    // Wrapped to 100 columns, the mark may take two lines.
    expect(out.stdout).toMatch(/^llama3\.2-1b .* legacy until(\n +| )2026-07-07\?$/m);
    expect(out.stdout).toMatch(/^claude-3-haiku .* legacy until(\n +| )2026-09-10$/m);
    expect(out.stdout).toContain(
      'Legacy: Bedrock stops serving Claude 3 Haiku on 2026-09-10, and a model tuned on it stops with it.',
    );
    const form = JSON.stringify(
      startModal({ type: 'FINE_TUNING' }, [], 'metadata', catalogOffers({ now })).blocks,
    );
    expect(form).toContain('Claude 3 Haiku (legacy until 2026-09-10)');
  });

  it('prints the full table with --wide: ids, limits, prices and serving', async () => {
    const result = await tune(['models', '--wide']);
    expect(result.code).toBe(0);
    for (const model of listCatalog()) expect(result.stdout).toContain(model.id);
    expect(result.stdout).toMatch(/titan-text-lite\s+amazon\.titan-text-lite-v1:0:4k\s+FT\+CPT/);
    expect(result.stdout).toMatch(/titan-text-lite .*\s-\s+EOL 2025-08-12\?\n/);
    expect(result.stdout).toMatch(/nova-micro .*on-demand us-east-1 \+ PT\?\s+active\n/);
    expect(result.stdout).toMatch(/llama3\.1-8b .*\sPT\s+active\n/);
    expect(result.stdout).toMatch(/haiku .*EOL 2026-09-10\n/);
    expect(result.stdout).toContain('4,096 (bs 1-2), 2,048 (bs 3-6)');
    expect(result.stdout).toContain('$0.0004*');
    expect(result.stdout).toContain('4,096 in + 2,048 out');
    expect(result.stdout).toMatch(
      /titan-text-lite\s+\$0\.0004\s+secondary source, about 2024, not confirmed\n/,
    );
    expect(result.stdout).toContain('  every other model: no price known\n');
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

  it('shows the live state of the region: offered models, the default, what is withheld and why', async () => {
    // Prepare: us-east-1 with a Nova the catalog lacks, no Nova Pro, Titan Lite still listed and
    // Nova Lite turned legacy.
    const listing = listingFromCatalog()
      .filter((info) => info.modelArn.includes('nova') && !info.modelId.startsWith('amazon.nova-pro'))
      .map((info) =>
        info.modelId.startsWith('amazon.nova-lite')
          ? { ...info, lifecycleStatus: 'LEGACY' as const, endOfLifeTime: new Date('2027-05-01T00:00:00Z') }
          : info,
      );
    listing.push(
      {
        ...(listing[0] as FoundationModelInfo),
        modelId: 'amazon.nova-3-lite-v1:0:256k',
        modelName: 'Nova 3 Lite',
      },
      {
        ...(listing[0] as FoundationModelInfo),
        modelId: 'amazon.titan-text-lite-v1:0:4k',
        modelName: 'Titan Text G1 - Lite',
        customizationsSupported: ['FINE_TUNING', 'CONTINUED_PRE_TRAINING'],
      },
    );
    const calls: string[] = [];
    const reached: string[] = [];
    const command = createModelsCommand({
      env: { AWS_REGION: 'us-east-1', TUNE_BEDROCK_ENDPOINT: 'http://127.0.0.1:1' },
      now: () => new Date('2026-11-27T12:00:00.000Z'),
      customizer: (region, endpoint) => {
        reached.push(`${region} ${endpoint}`);
        return scriptedCustomizer(listing, calls);
      },
    });
    const { out, io } = capture();

    // Act
    const code = await command.run(['--refresh'], io);

    // Assess
    expect(code).toBe(0);
    expect(reached).toEqual(['us-east-1 http://127.0.0.1:1']);
    expect(calls).toEqual([
      'listFoundationModels FINE_TUNING',
      'listFoundationModels CONTINUED_PRE_TRAINING',
    ]);
    // Long lines wrap at 100 columns, continuing under their text.
    expect(Math.max(...out.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
    const text = out.stdout.replace(/\n {3,}/g, ' ');
    expect(text).toContain('Live in us-east-1, from ListFoundationModels read 2026-11-27T12:00:00.000Z:');
    expect(text).toContain('  offered   Nova Micro (nova-micro): the default');
    expect(text).toContain(
      '  offered   Nova Lite (nova-lite): Legacy: Bedrock stops serving Nova Lite on 2027-05-01, and a model tuned on it stops with it.',
    );
    expect(text).toContain('  offered   Nova 3 Lite (amazon.nova-3-lite-v1:0:256k): Limits unknown:');
    // Bedrock still lists Titan Lite; only public notices date its end: Bedrock decides.
    expect(text).toContain(
      "  offered   Titan Text G1 - Lite (titan-text-lite): Public notices (not confirmed by AWS) put Titan Text G1 - Lite's end of life on 2025-08-12, but Bedrock still lists it in us-east-1: Bedrock decides.",
    );
    expect(text).toMatch(/missing\s+Nova Pro/);
    expect(text).toMatch(/unknown\s+Nova 3 Lite \(amazon\.nova-3-lite-v1:0:256k\)/);
    expect(text).toMatch(/lifecycle\s+Titan Text G1 - Lite: the catalog says end of life since 2025-08-12/);
  });

  it('prints the live state as JSON for --refresh --json and honours --region and --endpoint', async () => {
    const reached: string[] = [];
    const command = createModelsCommand({
      env: { AWS_REGION: 'us-east-1' },
      customizer: (region, endpoint) => {
        reached.push(`${region} ${endpoint}`);
        // us-west-2 lists the Llama models the catalog documents there.
        return scriptedCustomizer(
          listingFromCatalog().filter((info) => info.modelId.startsWith('meta.')),
          [],
        );
      },
    });
    const { out, io } = capture();
    expect(
      await command.run(
        ['--refresh', '--region', 'us-west-2', '--endpoint', 'http://localhost:4000', '--json'],
        io,
      ),
    ).toBe(0);
    expect(reached).toEqual(['us-west-2 http://localhost:4000']);
    const shown = JSON.parse(out.stdout);
    expect(shown).toMatchObject({ region: 'us-west-2', differences: [] });
    expect(shown.offers.FINE_TUNING.models[0]).toMatchObject({
      modelId: 'meta.llama3-1-8b-instruct-v1:0:128k',
      default: true,
    });
    expect(shown.offers.CONTINUED_PRE_TRAINING.models).toEqual([]);
  });

  it('takes --wide only for the table', async () => {
    const result = await tune(['models', '--wide', '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--wide widens the table; it does not go with --json');
  });

  it('takes --endpoint only with --refresh', async () => {
    const result = await tune(['models', '--endpoint', 'http://localhost:4000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--endpoint goes with --refresh');
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

  it('with --refresh reads the region’s price list too and shows each price that differs from the catalog, old → new', async () => {
    // Prepare
    const priceList = new ScriptedPriceList([
      entry('USE1-Nova2.0Lite-Customization-Training', 0.00378),
      entry('USE1-Nova2.0Lite-Customization-Storage', 1.95, 'Model/month'),
    ]);
    const reached: (string | undefined)[] = [];
    const command = createModelsCommand({
      env: { AWS_REGION: 'us-east-1', TUNE_PRICING_ENDPOINT: 'http://127.0.0.1:2' },
      now: () => new Date('2026-11-27T12:00:00.000Z'),
      customizer: () => scriptedCustomizer(listingFromCatalog(), []),
      priceList: (endpoint) => {
        reached.push(endpoint);
        return priceList;
      },
    });
    const { out, io } = capture();
    // A wide terminal: the lines below are compared whole (a 100-column one wraps them).
    io.stdoutColumns = 200;

    // Act
    const code = await command.run(['--refresh'], io);

    // Assess
    expect(code).toBe(0);
    expect(reached).toEqual(['http://127.0.0.1:2']);
    expect(priceList.regions).toEqual(['us-east-1']);
    expect(out.stdout).toContain(
      "Prices in us-east-1, from AWS's price list read 2026-11-27T12:00:00.000Z, against the catalog's figures (old → new):\n" +
        '  Nova 2 Lite, training per 1,000 tokens: unknown (no price known) → $0.00378 (AWS price list, us-east-1, read 2026-11-27)\n' +
        '  Nova 2 Lite, storage per month: unknown (no price known) → $1.95 (AWS price list, us-east-1, read 2026-11-27)\n',
    );
  });

  it('with --refresh still shows the models when the price list cannot be read, and says estimates use the catalog', async () => {
    const command = createModelsCommand({
      env: { AWS_REGION: 'us-east-1' },
      customizer: () => scriptedCustomizer(listingFromCatalog(), []),
      priceList: () => new ScriptedPriceList(new UpstreamUnavailableError('Pricing is down')),
    });
    const { out, io } = capture();

    expect(await command.run(['--refresh', '--pricing-endpoint', 'http://localhost:5', '--json'], io)).toBe(
      0,
    );

    expect(JSON.parse(out.stdout)).toMatchObject({
      region: 'us-east-1',
      prices: { problem: expect.stringContaining('Pricing is down') },
    });
  });
});
