/**
 * `tune models [--type fine-tuning|continued-pretraining] [--json] [--refresh [--region r]]`: the
 * catalog of customizable base models, and with `--refresh` its differences from what
 * ListFoundationModels reports in a region. Bedrock is reached through a `Customizer` made by an
 * injected factory (`createModelsCommand`), so the command runs in tests against a fake; from the
 * command line it is the Bedrock adapter, with `TUNE_BEDROCK_ENDPOINT` to point it at the emulator.
 */

import type { CatalogModel, PriceFact } from '../../core/catalog/index.js';
import {
  budgetTotal,
  customizationTypeLabel,
  listCatalog,
  modelsFor,
  reconcileCatalog,
  tokenLimitFor,
} from '../../core/catalog/index.js';
import { isTuneError } from '../../core/errors.js';
import type { CustomizationType } from '../../core/jobs/job.js';
import type { Customizer } from '../../core/ports.js';
import { describeError } from '../errors.js';
import { type CliCommand, type CliIo, EXIT, type ExitCode, UsageError } from '../io.js';
import { parseCustomizationType, parseOptions } from './validate.js';

const USAGE = `Usage: tune models [--type fine-tuning|continued-pretraining] [--json] [--refresh [--region <region>]]

Lists the base models tune can customize: id, accepted aliases, customization types, data format,
per-record token limit, regions, training price and lifecycle. Prices marked * come from secondary
sources; "?" means unknown.

  --refresh          compare the table with ListFoundationModels in the region (needs AWS
                     credentials and a region: AWS_REGION or --region)
  --region <region>  region for --refresh (default: AWS_REGION, then AWS_DEFAULT_REGION)
  --json             print the catalog (or the comparison) as JSON`;

export interface ModelsDependencies {
  /** Builds a Customizer for a region; absent until the CLI is wired to the Bedrock adapter. */
  customizer?: (region: string) => Customizer | Promise<Customizer>;
  /** The environment, for the default region. */
  env: Readonly<Record<string, string | undefined>>;
}

const NEEDS_AWS =
  'tune models --refresh asks Amazon Bedrock (ListFoundationModels), so it needs AWS credentials and a region: ' +
  'set AWS_REGION (or pass --region) and credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).';

function priceText(price: PriceFact): string {
  if (price === 'unknown') return '?';
  return `$${price.usd}${price.secondary ? '*' : ''}`;
}

function limitText(model: CatalogModel, type: CustomizationType): string {
  const spec = model.customizations[type];
  if (!spec) return '';
  if (!('tiers' in spec.tokenLimit)) return '?';
  const tiers = spec.tokenLimit.tiers;
  const text = tiers
    .map((tier) => {
      const total =
        tier.total === undefined
          ? `${(tier.input ?? 0).toLocaleString('en-US')} in + ${(tier.output ?? 0).toLocaleString('en-US')} out`
          : tier.total.toLocaleString('en-US');
      return tier.batchSizes ? `${total} (bs ${tier.batchSizes.min}-${tier.batchSizes.max})` : total;
    })
    .join(', ');
  return spec.tokenLimit.confirmed ? text : `${text}?`;
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatCatalog(models: readonly CatalogModel[]): string {
  const rows = [
    ['alias', 'customizable id', 'types', 'format', 'tokens/record', 'regions', 'train $/1k', 'lifecycle'],
  ];
  for (const model of models) {
    const types = (Object.keys(model.customizations) as CustomizationType[]).map((type) =>
      type === 'FINE_TUNING' ? 'FT' : 'CPT',
    );
    const formats = [...new Set(Object.values(model.customizations).map((spec) => spec?.dataFormat ?? ''))];
    const firstType = Object.keys(model.customizations)[0] as CustomizationType;
    rows.push([
      model.aliases[0] ?? '',
      model.id,
      types.join('+'),
      formats.join(', '),
      limitText(model, firstType),
      model.regions.value === 'unknown'
        ? '?'
        : `${model.regions.value.join(',')}${model.regions.confirmed ? '' : '?'}`,
      priceText(model.prices.trainingPer1kTokens),
      `${model.lifecycle.value}${model.lifecycle.confirmed ? '' : '?'}`,
    ]);
  }
  return `${table(rows)}\n\n* secondary source (undated third-party notes), ? unknown or unconfirmed. Token limits: (bs) batch size.\n`;
}

async function refresh(
  region: string | undefined,
  json: boolean,
  io: CliIo,
  dependencies: ModelsDependencies,
): Promise<ExitCode> {
  if (!dependencies.customizer || region === undefined) {
    io.stderr(`tune models: ${NEEDS_AWS}\n`);
    return EXIT.usage;
  }
  let listing: Awaited<ReturnType<Customizer['listFoundationModels']>>;
  try {
    const customizer = await dependencies.customizer(region);
    listing = await customizer.listFoundationModels();
  } catch (error) {
    const credentials =
      (isTuneError(error) && error.code === 'access_denied') ||
      (error instanceof Error && /credential|region/i.test(`${error.name} ${error.message}`));
    io.stderr(
      `tune models: ${credentials ? `${NEEDS_AWS} (${describeError(error)})` : describeError(error)}\n`,
    );
    return EXIT.usage;
  }
  const result = reconcileCatalog(listCatalog(), listing);
  if (json) {
    io.stdout(`${JSON.stringify({ region, ...result })}\n`);
    return EXIT.ok;
  }
  const lines = [
    `Compared with ListFoundationModels in ${region}: ${result.matched.length} of ${listCatalog().length} catalog models listed.`,
  ];
  if (result.differences.length === 0) lines.push('No differences.');
  for (const difference of result.differences)
    lines.push(`  ${difference.kind.padEnd(14)} ${difference.message}`);
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

export function createModelsCommand(dependencies: ModelsDependencies): CliCommand {
  return {
    summary: 'list the customizable base models (limits, formats, prices); --refresh compares with Bedrock',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals } = parseOptions({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          type: { type: 'string' },
          json: { type: 'boolean' },
          refresh: { type: 'boolean' },
          region: { type: 'string' },
        },
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
      if (values.region !== undefined && !values.refresh)
        throw new UsageError('--region goes with --refresh');
      if (values.refresh) {
        const region = values.region ?? dependencies.env.AWS_REGION ?? dependencies.env.AWS_DEFAULT_REGION;
        return refresh(region, values.json ?? false, io, dependencies);
      }
      const type = values.type === undefined ? undefined : parseCustomizationType(values.type, '--type');
      const models = type ? modelsFor(type) : listCatalog();
      if (values.json) {
        io.stdout(`${JSON.stringify(models)}\n`);
      } else {
        if (type) io.stdout(`Models offering ${customizationTypeLabel(type)}:\n`);
        io.stdout(formatCatalog(models));
        if (type) {
          const limits = models.map((model) => {
            const spec = model.customizations[type];
            const limit = spec ? tokenLimitFor(spec) : undefined;
            return `${model.aliases[0]}: ${limit ? budgetTotal(limit).toLocaleString('en-US') : '?'}`;
          });
          io.stdout(`Token limit at the default batch size: ${limits.join(', ')}\n`);
        }
      }
      return EXIT.ok;
    },
  };
}

/**
 * The command as `tune` runs it. No Customizer factory yet: `--refresh` explains what it needs until
 * the composition root passes the Bedrock adapter here.
 */
export const command: CliCommand = createModelsCommand({
  env: process.env,
  // Loaded only for --refresh: the AWS SDK is not needed to print the table.
  customizer: async (region) =>
    (await import('../bedrock.js')).bedrockCustomizer(region, process.env.TUNE_BEDROCK_ENDPOINT),
});
