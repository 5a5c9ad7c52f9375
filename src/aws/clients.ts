/**
 * Builds the AWS SDK clients once per cold start from the config. Endpoint overrides point them at
 * the local stack (dynalite, s3rver, the Bedrock emulator); otherwise they talk to AWS.
 */
import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface AwsClientSettings {
  region: string;
  endpoints?: {
    dynamodb?: string | undefined;
    s3?: string | undefined;
    bedrock?: string | undefined;
    bedrockRuntime?: string | undefined;
    sqs?: string | undefined;
  };
  /** Static credentials for the local stack, where any value is accepted. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

export interface AwsClients {
  dynamodb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  s3: S3Client;
  bedrock: BedrockClient;
  bedrockRuntime: BedrockRuntimeClient;
  sqs: SQSClient;
}

export function createS3Client(settings: AwsClientSettings): S3Client {
  return new S3Client({
    region: settings.region,
    ...(settings.endpoints?.s3 ? { endpoint: settings.endpoints.s3, forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Without these, streamed PutObject bodies are stored by s3rver with aws-chunked framing
    // (toolchain.md); real S3 accepts both.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createAwsClients(settings: AwsClientSettings): AwsClients {
  const common = {
    region: settings.region,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    ...(settings.maxAttempts ? { maxAttempts: settings.maxAttempts } : {}),
  };
  const endpoint = (url: string | undefined) => (url ? { endpoint: url } : {});
  const dynamodb = new DynamoDBClient({ ...common, ...endpoint(settings.endpoints?.dynamodb) });
  return {
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    }),
    s3: createS3Client(settings),
    bedrock: new BedrockClient({ ...common, ...endpoint(settings.endpoints?.bedrock) }),
    bedrockRuntime: new BedrockRuntimeClient({ ...common, ...endpoint(settings.endpoints?.bedrockRuntime) }),
    sqs: new SQSClient({ ...common, ...endpoint(settings.endpoints?.sqs) }),
  };
}
