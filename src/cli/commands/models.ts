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

import type { CatalogModel, ModelOffer, ModelOffers, PriceFact } from '../../core/catalog/index.js';
import {
  budgetTotal,
  catalogOffers,
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
import { DEFAULT_COLUMNS, formatTable, wrapParagraph } from '../table.js';
import { parseCustomizationType, parseOptions } from './validate.js';

const USAGE = `Usage: tune models [--type fine-tuning|continued-pretraining] [--wide] [--json]
       tune models --refresh [--region <region>] [--endpoint <url>]
                   [--pricing-endpoint <url>] [--json]

Lists the base models tune knows: the alias to pass as --model, customization types, data format,
per-record token limit, regions and lifecycle (legacy models with the date Bedrock stops serving
them, EOL for those past end of life). "?" means unknown or unconfirmed; docs/bedrock-models.md
and docs/bedrock-prices.md have the sources.

Options:
  --type <type>      only the models offering fine-tuning or continued-pretraining
  --wide             the full table: customizable ids, training prices (* from secondary sources)
                     and how a tuned model is served; wider than 100 columns
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
  --json             print the catalog (or the live state) as JSON

Examples:
  tune models --type fine-tuning
  tune models --wide
  AWS_REGION=us-east-1 tune models --refresh`;

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

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The lifecycle judged at the time of the offers, marked as Slack's start form marks it: a model
 * still offered but retiring is "legacy until 2027-05-01" (or "legacy"), one past its end of life
 * "EOL 2025-08-12"; "?" when the dates are not confirmed by AWS.
 */
function lifecycleMark(model: CatalogModel, offers: ModelOffers): string {
  const confirmed = model.lifecycle.confirmed ? '' : '?';
  const offered = Object.values(offers)
    .flatMap((offer) => offer.models)
    .find((candidate) => candidate.modelId === model.id);
  if (!offered) {
    const end = model.lifecycle.endOfLifeTime;
    return `EOL${end ? ` ${end}` : ''}${confirmed}`;
  }
  if (offered.lifecycle === 'active') return `active${confirmed}`;
  const end = offered.endOfLifeTime;
  return `${end ? `legacy until ${day(end)}` : 'legacy'}${confirmed}`;
}

/** Each legacy model's notice, as Slack shows it beside the model: when Bedrock stops serving it. */
function legacyNotes(models: readonly CatalogModel[], offers: ModelOffers): string[] {
  const ids = new Set(models.map((model) => model.id));
  const notes = Object.values(offers)
    .flatMap((offer) => offer.models)
    .filter((offered) => offered.lifecycle === 'legacy' && ids.has(offered.modelId))
    .flatMap((offered) => offered.notes);
  return [...new Set(notes)];
}

function servingText(model: CatalogModel): string {
  const { onDemandDeployment, provisionedThroughput } = model.serving;
  const parts: string[] = [];
  if (onDemandDeployment.value !== 'unknown' && onDemandDeployment.value.length > 0)
    parts.push(`on-demand ${onDemandDeployment.value.join(',')}${onDemandDeployment.confirmed ? '' : '?'}`);
  if (provisionedThroughput.value === true) parts.push(`PT${provisionedThroughput.confirmed ? '' : '?'}`);
  return parts.length > 0 ? parts.join(' + ') : '-';
}

function typesText(model: CatalogModel): string {
  return (Object.keys(model.customizations) as CustomizationType[])
    .map((type) => (type === 'FINE_TUNING' ? 'FT' : 'CPT'))
    .join('+');
}

function formatsText(model: CatalogModel): string {
  return [...new Set(Object.values(model.customizations).map((spec) => spec?.dataFormat ?? ''))].join(', ');
}

function regionsText(model: CatalogModel): string {
  return model.regions.value === 'unknown'
    ? '?'
    : `${model.regions.value.join(', ')}${model.regions.confirmed ? '' : '?'}`;
}

function firstLimitText(model: CatalogModel): string {
  return limitText(model, Object.keys(model.customizations)[0] as CustomizationType);
}

export interface CatalogTableOptions {
  /** The full table (ids, prices, serving), as wide as it needs; else the compact one, wrapped. */
  wide?: boolean;
  /** Width the compact table and the notes are wrapped to (default 100). */
  columns?: number;
  /** The time lifecycles are judged at (default now). */
  now?: Date;
}

/**
 * The catalog as a table. The compact default fits `columns` (100 unless the terminal says
 * otherwise): the alias is what --model takes, so the 40-character ids, prices and serving paths
 * wait for --wide.
 */
export function formatCatalog(models: readonly CatalogModel[], options: CatalogTableOptions = {}): string {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const offers = catalogOffers({ now: options.now ?? new Date() });
  const lines: string[] = [];
  if (options.wide) {
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
      ...models.map((model) => [
        model.aliases[0] ?? '',
        model.id,
        typesText(model),
        formatsText(model),
        firstLimitText(model),
        regionsText(model).replaceAll(', ', ','),
        priceText(model.prices.trainingPer1kTokens),
        servingText(model),
        lifecycleMark(model, offers),
      ]),
    ];
    lines.push(formatTable(rows));
  } else {
    const rows = [
      ['model', 'types', 'format', 'tokens/record', 'regions', 'lifecycle'],
      ...models.map((model) => [
        model.aliases[0] ?? model.id,
        typesText(model),
        formatsText(model),
        firstLimitText(model),
        regionsText(model),
        lifecycleMark(model, offers),
      ]),
    ];
    // The alias is what people copy: it never wraps.
    lines.push(formatTable(rows, { columns, wrappable: [false, false, true, true, true, true] }));
  }
  const notes = legacyNotes(models, offers);
  if (notes.length > 0) lines.push('', ...notes.map((note) => wrapParagraph(note, columns, '  ')));
  const legend = options.wide
    ? '* secondary source (undated third-party notes), ? unknown or unconfirmed. Token limits: (bs) batch size. Serving: on-demand custom model deployment in the regions named, PT Provisioned Throughput. EOL: past end of life, never offered.'
    : '? unknown or unconfirmed. FT fine-tuning, CPT continued pre-training; (bs) batch size. EOL: past end of life, never offered. `tune models --wide` adds the model ids, prices and serving.';
  lines.push('', wrapParagraph(legend, columns));
  if (options.wide) lines.push('', trainingPriceSources(models));
  return `${lines.join('\n')}\n`;
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
      ? formatTable(known)
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

/** A line wrapped under its text: "  offered   Nova Lite …" continues below "Nova". */
function hangingIndent(line: string, columns: number): string {
  const label = line.match(/^ +\S+ +/)?.[0];
  return wrapParagraph(line, columns, ' '.repeat(label?.length ?? 2));
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
  const columns = io.stdoutColumns ?? DEFAULT_COLUMNS;
  io.stdout(`${lines.map((line) => hangingIndent(line, columns)).join('\n')}\n`);
  return EXIT.ok;
}

export function createModelsCommand(dependencies: ModelsDependencies): CliCommand {
  return {
    summary:
      'the customizable base models: formats, limits, lifecycle, prices; --refresh asks Bedrock and its price list',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals } = parseOptions({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          type: { type: 'string' },
          json: { type: 'boolean' },
          wide: { type: 'boolean' },
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
      if (values.wide && (values.refresh || values.json))
        throw new UsageError(
          `--wide widens the table; it does not go with --${values.refresh ? 'refresh' : 'json'}`,
        );
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
        const columns = io.stdoutColumns ?? DEFAULT_COLUMNS;
        if (type) io.stdout(`Models offering ${customizationTypeLabel(type)}:\n`);
        io.stdout(
          formatCatalog(models, {
            wide: values.wide ?? false,
            columns,
            now: dependencies.now?.() ?? new Date(),
          }),
        );
        if (type) {
          const limits = models.map((model) => {
            const spec = model.customizations[type];
            const limit = spec ? tokenLimitFor(spec) : undefined;
            return `${model.aliases[0]}: ${limit ? budgetTotal(limit).toLocaleString('en-US') : '?'}`;
          });
          io.stdout(
            `${wrapParagraph(`Token limit at the default batch size: ${limits.join(', ')}`, columns, '  ')}\n`,
          );
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
