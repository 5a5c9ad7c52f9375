/**
 * In-process stand-ins for DynamoDB (dynalite) and S3 (s3rver) on free loopback ports, for
 * `npm start` and the integration tests. With a directory their data survives restarts.
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { tableDefinition } from '../aws/table.js';

export interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

/** s3rver accepts only these (dynalite and the emulator accept any); real SDK clients still sign with them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export async function startDynalite(options: { directory?: string } = {}): Promise<LocalServer> {
  const { default: dynalite } = await import('dynalite');
  if (options.directory) await mkdir(options.directory, { recursive: true });
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.directory ? { path: options.directory } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startS3rver(options: { directory: string; buckets: string[] }): Promise<LocalServer> {
  const { default: S3rver } = await import('s3rver');
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: options.directory,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () => server.close() as Promise<void>,
  };
}

/** Creates the table if it is not there yet (idempotent, for restarts on a kept directory). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

export function localDataDirectory(root: string, name: string): string {
  return join(root, '.tune', name);
}
