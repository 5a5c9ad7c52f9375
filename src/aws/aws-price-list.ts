/**
 * PriceList over the AWS Price List Query API (`@aws-sdk/client-pricing`, GetProducts): every
 * Bedrock product (service code `AmazonBedrock`) priced in a region, page by page. The Pricing API
 * answers from a few endpoints only (us-east-1, eu-central-1, ap-south-1) whatever region is asked
 * about: the client is built for one of those (clients.ts), the region goes in the `regionCode`
 * filter. docs/bedrock-prices.md has the attributes and the shape of an entry.
 *
 * Each `PriceList` item is a JSON document in a string, parsed here with zod. A document that is not
 * JSON or lacks what tune reads is a data problem, not an outage: it is skipped and logged, and
 * the rest of the list is used.
 */
import { GetProductsCommand, type PricingClient } from '@aws-sdk/client-pricing';
import * as z from 'zod';
import {
  AccessDeniedError,
  ThrottledError,
  type TuneError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
} from '../core/errors.js';
import type { Logger, PriceList, PriceListEntry } from '../core/ports.js';
import { sdkErrorInfo } from './sdk-error.js';

/** Bedrock's service code in the price list (DescribeServices lists it). */
export const BEDROCK_SERVICE_CODE = 'AmazonBedrock';

/** GetProducts' largest page. */
const PAGE_SIZE = 100;
/**
 * A bound on pages, so a NextToken that never ends cannot hold the watch: a region's Bedrock list
 * had about a thousand entries in 2026 (ten pages); fifty is far more than it needs.
 */
const MAX_PAGES = 50;

const dimensionSchema = z.object({
  unit: z.string(),
  // AWS writes prices as decimal strings ("0.0010000000").
  pricePerUnit: z.object({ USD: z.string().regex(/^\d+(\.\d+)?$/) }),
  description: z.string().nullish(),
});

const termSchema = z.object({
  effectiveDate: z.string().nullish(),
  priceDimensions: z.record(z.string(), dimensionSchema),
});

/** The parts of a price list document tune reads; AWS sends more (`serviceCode`, `version`, …). */
const documentSchema = z.object({
  product: z.object({
    sku: z.string(),
    productFamily: z.string().nullish(),
    attributes: z.object({
      usagetype: z.string().min(1),
      regionCode: z.string().nullish(),
      model: z.string().nullish(),
      feature: z.string().nullish(),
      inferenceType: z.string().nullish(),
    }),
  }),
  terms: z.object({
    // Absent for products sold only with commitments: such an entry simply has no on-demand price.
    OnDemand: z.record(z.string(), z.record(z.string(), termSchema)).nullish(),
  }),
});

/** One document as an entry, or why it cannot be one. */
export function parsePriceListDocument(text: string): PriceListEntry | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON: ${String(error)}` };
  }
  const parsed = documentSchema.safeParse(json);
  if (!parsed.success) return { problem: z.prettifyError(parsed.error) };
  const { product, terms } = parsed.data;
  const onDemand = Object.values(terms.OnDemand ?? {}).flatMap((offers) => Object.values(offers));
  const effectiveDate = onDemand.find((term) => term.effectiveDate)?.effectiveDate ?? undefined;
  const { attributes } = product;
  return {
    sku: product.sku,
    usageType: attributes.usagetype,
    ...(attributes.regionCode ? { regionCode: attributes.regionCode } : {}),
    ...(attributes.model ? { model: attributes.model } : {}),
    ...(attributes.feature ? { feature: attributes.feature } : {}),
    ...(attributes.inferenceType ? { inferenceType: attributes.inferenceType } : {}),
    ...(effectiveDate ? { effectiveDate } : {}),
    dimensions: onDemand.flatMap((term) =>
      Object.values(term.priceDimensions).map((dimension) => ({
        unit: dimension.unit,
        usd: Number(dimension.pricePerUnit.USD),
        ...(dimension.description ? { description: dimension.description } : {}),
      })),
    ),
  };
}

/**
 * The SDK hands each document over as a `LazyJsonString`, a `String` object, not a string
 * primitive (its schema marks the items `mediaType: application/json`): both are accepted.
 */
const itemsSchema = z.array(z.union([z.string(), z.instanceof(String).transform((text) => text.toString())]));

export class AwsPriceList implements PriceList {
  private readonly client: PricingClient;
  private readonly logger: Logger | undefined;

  /** `logger` hears about documents that cannot be read, which are then left out. */
  constructor(options: { client: PricingClient; logger?: Logger }) {
    this.client = options.client;
    this.logger = options.logger;
  }

  async bedrockEntries(region: string): Promise<PriceListEntry[]> {
    const entries: PriceListEntry[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      let output: { PriceList?: unknown; NextToken?: string | undefined };
      try {
        output = await this.client.send(
          new GetProductsCommand({
            ServiceCode: BEDROCK_SERVICE_CODE,
            Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }],
            FormatVersion: 'aws_v1',
            MaxResults: PAGE_SIZE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
      } catch (error) {
        throw translatePricingError(error, `reading Bedrock's prices in ${region}`);
      }
      // Parsed outside the try: a malformed page is the price list's problem, not an outage.
      const items = itemsSchema.safeParse(output.PriceList ?? []);
      if (!items.success) {
        this.logger?.warn('skipped a price list page that is not a list of documents', {
          region,
          page,
          issues: z.prettifyError(items.error),
        });
      }
      for (const text of items.success ? items.data : []) {
        const entry = parsePriceListDocument(text);
        if ('problem' in entry) {
          this.logger?.warn('skipped a price list entry tune cannot read', {
            region,
            problem: entry.problem,
            entry: text.slice(0, 300),
          });
          continue;
        }
        entries.push(entry);
      }
      nextToken = output.NextToken || undefined;
      if (!nextToken) return entries;
    }
    this.logger?.warn('stopped reading the price list after too many pages', { region, pages: MAX_PAGES });
    return entries;
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN']);

/** Pricing API failures as core errors; `doing` names the call for errors without AWS's message. */
export function translatePricingError(error: unknown, doing: string): TuneError {
  const { name, message, code, fault, status } = sdkErrorInfo(error);
  const options = { cause: error };
  if (name === 'ThrottlingException') return new ThrottledError(message, options);
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException' || status === 403) {
    return new AccessDeniedError(`The Pricing API refused ${doing}: ${message}`, options);
  }
  if (
    name === 'InternalErrorException' ||
    name === 'ServiceUnavailableException' ||
    fault === 'server' ||
    (status !== undefined && status >= 500)
  ) {
    return new UpstreamUnavailableError(message, options);
  }
  if ((code && NETWORK_CODES.has(code)) || status === undefined) {
    return new UpstreamUnavailableError(
      `The Pricing API could not be reached while ${doing}: ${message}`,
      options,
    );
  }
  // InvalidParameterException, NotFoundException, ExpiredNextTokenException: not worth retrying as is.
  return new UpstreamRejectedError(message, options);
}
