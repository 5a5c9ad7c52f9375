/**
 * A local AWS Price List Query API: enough of `GetProducts`, `DescribeServices` and
 * `GetAttributeValues` (AWS JSON 1.1, target `AWSPriceListService.*`) for the real
 * `@aws-sdk/client-pricing` to read Bedrock's prices with only `endpoint` changed. It answers with
 * the published prices of published-prices.ts, as documents of the price list's shape
 * (docs/bedrock-prices.md), so the local stack shows estimates with their source like AWS does.
 *
 * Tests can replace the prices, add raw documents (malformed ones among them) and make it fail.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as z from 'zod';
import {
  LOCATION,
  PUBLISHED_PRICES,
  type PublishedKind,
  type PublishedPrice,
  RECORDS,
  USAGE_PREFIX,
} from './published-prices.js';

export { PUBLISHED_PRICES, type PublishedPrice, RECORDS } from './published-prices.js';

const SERVICE_CODE = 'AmazonBedrock';

/**
 * How each kind appears in the list. Usage type endings and `1K tokens` are as recorded; the
 * storage and hourly unit strings and the `feature` values of storage and Provisioned Throughput
 * are assumed (docs/bedrock-prices.md).
 */
const KINDS: Record<
  PublishedKind,
  { ending: string; unit: string; feature: string; inferenceType?: string }
> = {
  training: { ending: 'Customization-Training', unit: '1K tokens', feature: 'Model Customization' },
  storage: { ending: 'Customization-Storage', unit: 'Model/month', feature: 'Model Customization' },
  'provisioned-throughput': {
    ending: 'ProvisionedThroughput-NoCommit-ModelUnits',
    unit: 'hour',
    feature: 'Provisioned Throughput',
  },
  input: {
    ending: 'input-tokens',
    unit: '1K tokens',
    feature: 'On-demand Inference',
    inferenceType: 'Input tokens',
  },
  output: {
    ending: 'output-tokens',
    unit: '1K tokens',
    feature: 'On-demand Inference',
    inferenceType: 'Output tokens',
  },
  'custom-input': {
    ending: 'input-tokens-custom-model',
    unit: '1K tokens',
    feature: 'Model Customization',
    inferenceType: 'Input tokens',
  },
  'custom-output': {
    ending: 'output-tokens-custom-model',
    unit: '1K tokens',
    feature: 'Model Customization',
    inferenceType: 'Output tokens',
  },
  'batch-input': {
    ending: 'input-tokens-batch',
    unit: '1K tokens',
    feature: 'Batch Inference',
    inferenceType: 'Input tokens',
  },
  'cache-read-input': {
    ending: 'cache-read-input-token-count',
    unit: '1K tokens',
    feature: 'On-demand Inference',
    inferenceType: 'Cache read input tokens',
  },
};

/** The effective date the local list gives its terms. */
const EFFECTIVE_DATE = '2026-11-01T00:00:00Z';

function sku(usageType: string): string {
  return createHash('sha256').update(usageType).digest('hex').slice(0, 16).toUpperCase();
}

/** One published price as a price list document (the JSON string GetProducts returns). */
export function priceListDocument(price: PublishedPrice): string {
  const kind = KINDS[price.kind];
  const usageType = `${USAGE_PREFIX[price.region] ?? 'XX1'}-${price.usageName}-${kind.ending}`;
  const id = sku(usageType);
  return JSON.stringify({
    product: {
      sku: id,
      attributes: {
        servicecode: SERVICE_CODE,
        servicename: 'Amazon Bedrock',
        location: LOCATION[price.region] ?? price.region,
        locationType: 'AWS Region',
        regionCode: price.region,
        usagetype: usageType,
        operation: 'Usage',
        model: price.model,
        feature: kind.feature,
        ...(kind.inferenceType ? { inferenceType: kind.inferenceType } : {}),
      },
    },
    serviceCode: SERVICE_CODE,
    terms: {
      OnDemand: {
        [id]: {
          [`${id}.JRTCKXETXF`]: {
            sku: id,
            offerTermCode: 'JRTCKXETXF',
            effectiveDate: EFFECTIVE_DATE,
            termAttributes: {},
            priceDimensions: {
              [`${id}.JRTCKXETXF.6YS6EN2CT7`]: {
                rateCode: `${id}.JRTCKXETXF.6YS6EN2CT7`,
                unit: kind.unit,
                beginRange: '0',
                endRange: 'Inf',
                appliesTo: [],
                description: `${price.model} ${kind.ending} in ${LOCATION[price.region] ?? price.region} (tune's local price list; ${RECORDS[price.record].split(' (')[0]})`,
                pricePerUnit: { USD: price.usd },
              },
            },
          },
        },
      },
    },
    version: '20261101000000',
    publicationDate: EFFECTIVE_DATE,
  });
}

const filterSchema = z.object({ Type: z.string(), Field: z.string(), Value: z.string() });
const getProductsSchema = z.object({
  ServiceCode: z.string(),
  Filters: z.array(filterSchema).optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
  NextToken: z.string().optional(),
});
const attributeValuesSchema = z.object({
  ServiceCode: z.string(),
  AttributeName: z.string(),
});

const attributesOf = (text: string): Record<string, unknown> | undefined => {
  try {
    const parsed = z
      .object({ product: z.object({ attributes: z.record(z.string(), z.unknown()) }) })
      .safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.product.attributes : undefined;
  } catch {
    return undefined;
  }
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PriceListServer {
  url: string;
  /** Replaces what the list publishes (default: PUBLISHED_PRICES). */
  setPrices(prices: readonly PublishedPrice[]): void;
  /** Documents returned besides the prices, as they are (malformed ones included). */
  setExtraDocuments(documents: readonly string[]): void;
  /** Answers every call with this error until cleared (`undefined`). */
  setFailure(failure: { status: number; type: string } | undefined): void;
  /** GetProducts calls answered so far. */
  getProductsCalls(): number;
  close(): Promise<void>;
}

export async function startPriceListServer(
  options: { port?: number; prices?: readonly PublishedPrice[] } = {},
): Promise<PriceListServer> {
  let prices = options.prices ?? PUBLISHED_PRICES;
  let extra: readonly string[] = [];
  let failure: { status: number; type: string } | undefined;
  let getProducts = 0;

  const documents = () => [...prices.map(priceListDocument), ...extra];

  const matches = (text: string, filters: z.infer<typeof filterSchema>[]): boolean => {
    const attributes = attributesOf(text);
    // A document the server cannot read itself is returned as is: AWS may send such a thing too.
    if (!attributes) return true;
    return filters.every((filter) => {
      const value = filter.Field === 'ServiceCode' ? SERVICE_CODE : attributes[filter.Field];
      if (filter.Type === 'TERM_MATCH' || filter.Type === 'EQUALS') return value === filter.Value;
      if (filter.Type === 'CONTAINS') return typeof value === 'string' && value.includes(filter.Value);
      throw new ApiError(
        400,
        'InvalidParameterException',
        `Filter type ${filter.Type} is not supported here.`,
      );
    });
  };

  const operations: Record<string, (body: unknown) => unknown> = {
    GetProducts(body) {
      getProducts += 1;
      const request = getProductsSchema.parse(body);
      if (request.ServiceCode !== SERVICE_CODE) return { FormatVersion: 'aws_v1', PriceList: [] };
      const found = documents().filter((text) => matches(text, request.Filters ?? []));
      const start = request.NextToken ? Number(Buffer.from(request.NextToken, 'base64url').toString()) : 0;
      if (!Number.isInteger(start) || start < 0 || start > found.length) {
        throw new ApiError(400, 'ExpiredNextTokenException', 'The pagination token expired.');
      }
      const end = start + (request.MaxResults ?? 100);
      return {
        FormatVersion: 'aws_v1',
        PriceList: found.slice(start, end),
        ...(end < found.length ? { NextToken: Buffer.from(String(end)).toString('base64url') } : {}),
      };
    },
    DescribeServices() {
      return {
        FormatVersion: 'aws_v1',
        Services: [
          {
            ServiceCode: SERVICE_CODE,
            AttributeNames: ['feature', 'inferenceType', 'location', 'model', 'regionCode', 'usagetype'],
          },
        ],
      };
    },
    GetAttributeValues(body) {
      const request = attributeValuesSchema.parse(body);
      const values = new Set(
        documents().flatMap((text) => {
          const value = attributesOf(text)?.[request.AttributeName];
          return typeof value === 'string' ? [value] : [];
        }),
      );
      return { AttributeValues: [...values].sort().map((Value) => ({ Value })) };
    },
  };

  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(body));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      if (failure) throw new ApiError(failure.status, failure.type, 'The local price list was told to fail.');
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = operations[target.replace(/^AWSPriceListService\./, '')];
      if (!target.startsWith('AWSPriceListService.') || !operation) {
        throw new ApiError(400, 'UnknownOperationException', `Unknown operation ${target}.`);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      answer(response, 200, operation(text === '' ? {} : JSON.parse(text)));
    } catch (error) {
      if (error instanceof ApiError)
        answer(response, error.status, { __type: error.type, message: error.message });
      else if (error instanceof z.ZodError)
        answer(response, 400, { __type: 'InvalidParameterException', message: z.prettifyError(error) });
      else answer(response, 500, { __type: 'InternalErrorException', message: String(error) });
    }
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPrices: (next) => {
      prices = next;
    },
    setExtraDocuments: (next) => {
      extra = next;
    },
    setFailure: (next) => {
      failure = next;
    },
    getProductsCalls: () => getProducts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
