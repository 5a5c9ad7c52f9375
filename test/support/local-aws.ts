/** Starts dynalite and s3rver on free ports for one test file and builds real SDK clients for them. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsClients, createAwsClients } from '../../src/aws/clients.js';
import { ensureTable, LOCAL_CREDENTIALS, startDynalite, startS3rver } from '../../src/local/aws-servers.js';

export interface LocalAws {
  clients: AwsClients;
  tableName: string;
  bucket: string;
  endpoints: { dynamodb: string; s3: string };
  close(): Promise<void>;
}

export async function startLocalAws(
  options: { tableName?: string; bucket?: string } = {},
): Promise<LocalAws> {
  const tableName = options.tableName ?? 'tune-test';
  const bucket = options.bucket ?? 'tune-test-bucket';
  const directory = await mkdtemp(join(tmpdir(), 'tune-s3-'));
  const dynamodb = await startDynalite();
  const s3 = await startS3rver({ directory, buckets: [bucket] });
  const clients = createAwsClients({
    region: 'us-east-1',
    endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint },
    credentials: LOCAL_CREDENTIALS,
  });
  await ensureTable(clients.dynamodb, tableName);
  return {
    clients,
    tableName,
    bucket,
    endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint },
    close: async () => {
      await Promise.all([dynamodb.close(), s3.close()]);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
