/**
 * `tune models [--type fine-tuning|continued-pretraining] [--json] [--refresh [--region r] [--endpoint url] [--pricing-endpoint url]]`:
 * the catalog of base models tune knows (lifecycle with its dates, serving paths, limits, prices),
 * and with `--refresh` the live state of one region: what ListFoundationModels lists for each
 * customization type, what tune offers from it (the default first, legacy models with their end
 * date, models without a catalog row marked), what it withholds and why, where the catalog and
 * the region disagree, and the region's prices from AWS's price list, price by price against the
 * catalog's figures. Bedrock and the price list are reached through injected factories
 * (`createModelsCommand`), so the command runs in tests against fakes; from the command line they
 * are the AWS adapters, at `--endpoint` / `TUNE_BEDROCK_ENDPOINT` and `--pricing-endpoint` /
 * `TUNE_PRICING_ENDPOINT` when given (the local stack).
 */

import type { CatalogModel, ModelOffer, PriceFact } from '../../core/catalog/index.js';
import {
  budgetTotal,
  customizationTypeLabel,
  customizationUnavailableMessage,
  defaultOffered,
  describePriceChange,
  describePriceSource,
  formatUnitPrice,
  listCatalog,
  modelsFor,
  offerFromListing,
  type PriceChange,
  priceChanges,
  readPriceList,
  reconcileCatalog,
  tokenLimitFor,
} from '../../core/catalog/index.js';
import { isTuneError } from '../../core/errors.js';
import { CUSTOMIZATION_TYPES, type CustomizationType } from '../../core/jobs/job.js';
import type { Customizer, FoundationModelInfo, PriceBook, PriceList } from '../../core/ports.js';
import { describeError } from '../errors.js';
import { type CliCommand, type CliIo, EXIT, type ExitCode, UsageError } from '../io.js';
import { parseCustomizationType, parseOptions } from './validate.js';

const USAGE = `Usage: tune models [--type fine-tuning|continued-pretraining] [--json] [--refresh [--region <region>] [--endpoint <url>] [--pricing-endpoint <url>]]

Lists the base models tune knows: id, accepted aliases, customization types, data format,
per-record token limit, regions, training price, lifecycle (with its end-of-life date) and how a
tuned model is served. Prices marked * come from secondary sources; "?" means unknown or
unconfirmed. docs/bedrock-models.md and docs/bedrock-prices.md have the sources.

  --refresh          the live state of a region: what Bedrock lists (ListFoundationModels per
                     customization type), what tune offers from it and the default, what it
                     withholds and why, where the catalog disagrees, and the region's prices from
                     AWS's price list, each one that differs from the catalog's as old → new
                     (needs AWS credentials and a region: AWS_REGION or --region)
  --region <region>  region for --refresh (default: AWS_REGION, then AWS_DEFAULT_REGION)
  --endpoint <url>   Bedrock endpoint for --refresh (default: TUNE_BEDROCK_ENDPOINT, then AWS)
  --pricing-endpoint <url>
                     Price List endpoint for --refresh (default: TUNE_PRICING_ENDPOINT, then
                     AWS's us-east-1 endpoint, which answers for every region)
  --json             print the catalog (or the live state) as JSON`;

export interface ModelsDependencies {
  /** Builds a Customizer for a region, at `endpoint` when one is given (the emulator). */
  customizer?: (region: string, endpoint?: string) => Customizer | Promise<Customizer>;
  /** Builds AWS's price list, at `endpoint` when one is given (the local stack's). */
  priceList?: (endpoint?: string) => PriceList | Promise<PriceList>;
  /** The environment, for the default region and endpoint. */
  env: Readonly<Record<string, string | undefined>>;
  /** The time dates are judged at; now when absent. */
  now?: () => Date;
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

function lifecycleText(model: CatalogModel): string {
  const { value, endOfLifeTime, confirmed } = model.lifecycle;
  const text =
    value === 'end-of-life'
      ? `EOL${endOfLifeTime ? ` ${endOfLifeTime}` : ''}`
      : value === 'legacy' && endOfLifeTime
        ? `legacy until ${endOfLifeTime}`
        : value;
  return confirmed ? text : `${text}?`;
}

function servingText(model: CatalogModel): string {
  const { onDemandDeployment, provisionedThroughput } = model.serving;
  const parts: string[] = [];
  if (onDemandDeployment.value !== 'unknown' && onDemandDeployment.value.length > 0)
    parts.push(`on-demand ${onDemandDeployment.value.join(',')}${onDemandDeployment.confirmed ? '' : '?'}`);
  if (provisionedThroughput.value === true) parts.push(`PT${provisionedThroughput.confirmed ? '' : '?'}`);
  return parts.length > 0 ? parts.join(' + ') : '-';
}

export function formatCatalog(models: readonly CatalogModel[]): string {
  const rows = [
    [
      'alias',
      'customizable id',
      'types',
      'format',
      'tokens/record',
      'regions',
      'train $/1k',
      'serving',
      'lifecycle',
    ],
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
      servingText(model),
      lifecycleText(model),
    ]);
  }
  return `${table(rows)}\n\n* secondary source (undated third-party notes), ? unknown or unconfirmed. Token limits: (bs) batch size. Serving: on-demand custom model deployment in the regions named, PT Provisioned Throughput. EOL: past end of life, never offered.\n\n${trainingPriceSources(models)}`;
}

/** Where each known training price of the table comes from, in the one format estimates use. */
function trainingPriceSources(models: readonly CatalogModel[]): string {
  const known = models.flatMap((model) => {
    const price = model.prices.trainingPer1kTokens;
    return price === 'unknown'
      ? []
      : [[model.aliases[0] ?? model.id, formatUnitPrice(price.usd), describePriceSource(price)]];
  });
  const lines = [
    "Training prices per 1,000 tokens, from the catalog (offline; `tune models --refresh` reads AWS's price list):",
    ...(known.length > 0
      ? table(known)
          .split('\n')
          .map((line) => `  ${line}`)
      : []),
    `  ${known.length > 0 ? 'every other model' : 'every model'}: ${describePriceSource('unknown')}`,
  ];
  return `${lines.join('\n')}\n`;
}

type PriceReading = { book: PriceBook; changes: PriceChange[] } | { problem: string } | undefined;

/** The region's price list against the catalog's figures; undefined without a price list to ask. */
async function readPrices(
  region: string,
  endpoint: string | undefined,
  now: Date,
  dependencies: ModelsDependencies,
): Promise<PriceReading> {
  if (!dependencies.priceList) return undefined;
  try {
    const priceList = await dependencies.priceList(endpoint);
    const book = await readPriceList({ priceList, clock: { now: () => now }, region });
    return { book, changes: priceChanges(undefined, book) };
  } catch (error) {
    return { problem: describeError(error) };
  }
}

function formatPrices(region: string, prices: PriceReading): string[] {
  if (prices === undefined) return [];
  if ('problem' in prices) {
    return [
      '',
      `Prices: AWS's price list could not be read (${prices.problem}); estimates use the catalog's figures.`,
    ];
  }
  const lines = [
    '',
    `Prices in ${region}, from AWS's price list read ${prices.book.readAt.toISOString()}, against the catalog's figures (old → new):`,
  ];
  if (prices.changes.length === 0) lines.push('  No price differs from the catalog’s.');
  for (const change of prices.changes) lines.push(`  ${describePriceChange(change)}`);
  return lines;
}

function pricesJson(prices: PriceReading) {
  if (prices === undefined) return {};
  if ('problem' in prices) return { prices: { problem: prices.problem } };
  return {
    prices: {
      readAt: prices.book.readAt.toISOString(),
      changes: prices.changes.map((change) => ({
        ...change,
        beforeSource: describePriceSource(change.before),
        afterSource: describePriceSource(change.after),
      })),
    },
  };
}

function offerJson(offer: ModelOffer) {
  const fallback = defaultOffered(offer);
  return {
    models: offer.models.map((model) => ({
      modelId: model.modelId,
      name: model.name,
      lifecycle: model.lifecycle,
      ...(model.endOfLifeTime ? { endOfLifeTime: model.endOfLifeTime.toISOString() } : {}),
      limitsKnown: model.limitsKnown,
      default: model === fallback,
      notes: model.notes,
    })),
    withheld: offer.withheld,
  };
}

function formatOffer(offer: ModelOffer, now: Date): string[] {
  const label = customizationTypeLabel(offer.customizationType);
  const lines = [`${label.charAt(0).toUpperCase()}${label.slice(1)}:`];
  if (offer.models.length === 0) {
    lines.push(`  ${customizationUnavailableMessage(offer.customizationType, offer.region, { now })}`);
  }
  const fallback = defaultOffered(offer);
  for (const model of offer.models) {
    const marks = [model === fallback ? 'the default' : '', ...model.notes].filter((mark) => mark !== '');
    lines.push(
      `  offered   ${model.name} (${model.model?.aliases[0] ?? model.modelId})${marks.length > 0 ? `: ${marks.join(' ')}` : ''}`,
    );
  }
  // Models Bedrock lists that tune withholds are worth naming; catalog rows of other regions or
  // past end of life that Bedrock no longer lists are only counted.
  for (const withheld of offer.withheld.filter((model) => model.listedByBedrock))
    lines.push(`  withheld  ${withheld.reason}`);
  const quiet = offer.withheld.filter((model) => !model.listedByBedrock);
  if (quiet.length > 0) {
    const ended = quiet.filter((model) => model.cause === 'end-of-life').length;
    lines.push(
      `  not here  ${quiet.length} other catalog model(s): ${ended} past end of life, ${quiet.length - ended} customizable elsewhere or not listed (\`tune models\` has the table).`,
    );
  }
  return lines;
}

async function refresh(
  region: string | undefined,
  endpoints: { bedrock: string | undefined; pricing: string | undefined },
  json: boolean,
  io: CliIo,
  dependencies: ModelsDependencies,
): Promise<ExitCode> {
  if (!dependencies.customizer || region === undefined) {
    io.stderr(`tune models: ${NEEDS_AWS}\n`);
    return EXIT.usage;
  }
  const lists = new Map<CustomizationType, FoundationModelInfo[]>();
  try {
    const customizer = await dependencies.customizer(region, endpoints.bedrock);
    for (const type of CUSTOMIZATION_TYPES)
      lists.set(type, await customizer.listFoundationModels({ customizationType: type }));
  } catch (error) {
    const credentials =
      (isTuneError(error) && error.code === 'access_denied') ||
      (error instanceof Error && /credential|region/i.test(`${error.name} ${error.message}`));
    io.stderr(
      `tune models: ${credentials ? `${NEEDS_AWS} (${describeError(error)})` : describeError(error)}\n`,
    );
    return EXIT.usage;
  }
  const now = dependencies.now?.() ?? new Date();
  const offers = CUSTOMIZATION_TYPES.map((type) =>
    offerFromListing({ listing: lists.get(type) ?? [], region, customizationType: type, now, readAt: now }),
  );
  // One entry per model across the two lists, for the comparison with the catalog.
  const listed = [...new Map([...lists.values()].flat().map((info) => [info.modelId, info])).values()];
  const result = reconcileCatalog(listCatalog(), listed, region);
  const prices = await readPrices(region, endpoints.pricing, now, dependencies);
  if (json) {
    io.stdout(
      `${JSON.stringify({
        region,
        readAt: now.toISOString(),
        offers: Object.fromEntries(offers.map((offer) => [offer.customizationType, offerJson(offer)])),
        ...result,
        ...pricesJson(prices),
      })}\n`,
    );
    return EXIT.ok;
  }
  const lines = [`Live in ${region}, from ListFoundationModels read ${now.toISOString()}:`];
  for (const offer of offers) lines.push(...formatOffer(offer, now));
  lines.push(
    '',
    `Compared with the catalog: ${result.matched.length} of ${listCatalog().length} catalog models listed.`,
  );
  if (result.differences.length === 0) lines.push('No differences.');
  for (const difference of result.differences)
    lines.push(`  ${difference.kind.padEnd(14)} ${difference.message}`);
  lines.push(...formatPrices(region, prices));
  io.stdout(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

export function createModelsCommand(dependencies: ModelsDependencies): CliCommand {
  return {
    summary:
      'list the customizable base models (limits, formats, prices); --refresh compares with Bedrock and its price list',
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
          endpoint: { type: 'string' },
          'pricing-endpoint': { type: 'string' },
        },
      });
      if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
      if (values.region !== undefined && !values.refresh)
        throw new UsageError('--region goes with --refresh');
      if (values.endpoint !== undefined && !values.refresh)
        throw new UsageError('--endpoint goes with --refresh');
      if (values['pricing-endpoint'] !== undefined && !values.refresh)
        throw new UsageError('--pricing-endpoint goes with --refresh');
      if (values.refresh) {
        const region = values.region ?? dependencies.env.AWS_REGION ?? dependencies.env.AWS_DEFAULT_REGION;
        const endpoints = {
          bedrock: values.endpoint ?? dependencies.env.TUNE_BEDROCK_ENDPOINT,
          pricing: values['pricing-endpoint'] ?? dependencies.env.TUNE_PRICING_ENDPOINT,
        };
        return refresh(region, endpoints, values.json ?? false, io, dependencies);
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

/** The command as `tune` runs it, on the Bedrock adapter. */
export const command: CliCommand = createModelsCommand({
  env: process.env,
  // Loaded only for --refresh: the AWS SDK is not needed to print the table.
  customizer: async (region, endpoint) => (await import('../bedrock.js')).bedrockCustomizer(region, endpoint),
  priceList: async (endpoint) => (await import('../bedrock.js')).awsPriceList(endpoint),
});
