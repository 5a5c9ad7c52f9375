import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3DatasetStore } from '../../../src/aws/s3-dataset-store.js';
import { NotFoundError } from '../../../src/core/errors.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

let aws: LocalAws;
let store: S3DatasetStore;

beforeAll(async () => {
  aws = await startLocalAws();
  store = new S3DatasetStore({ client: aws.clients.s3, bucket: aws.bucket });
});
afterAll(async () => {
  await aws.close();
});

async function collect(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('S3DatasetStore', () => {
  it('stores a string and reads it back with its metadata', async () => {
    await store.put('datasets/T1/C1/a.jsonl', '{"prompt":"a","completion":"b"}\n', {
      contentType: 'application/jsonl',
      metadata: { records: '1' },
    });
    expect(await store.getText('datasets/T1/C1/a.jsonl')).toBe('{"prompt":"a","completion":"b"}\n');
    expect(await store.head('datasets/T1/C1/a.jsonl')).toMatchObject({
      size: 32,
      metadata: { records: '1' },
    });
    expect(store.uri('datasets/T1/C1/a.jsonl')).toBe(`s3://${aws.bucket}/datasets/T1/C1/a.jsonl`);
  });

  it('uploads a stream larger than one part without framing artifacts', async () => {
    const line = `${JSON.stringify({ input: 'x'.repeat(1000) })}\n`;
    const count = 9000; // ≈ 9 MB: two parts of 8 MB
    async function* lines() {
      for (let index = 0; index < count; index++) yield Buffer.from(line);
    }
    await store.put('datasets/big.jsonl', lines());
    const text = await collect(await store.get('datasets/big.jsonl'));
    expect(text.length).toBe(line.length * count);
    expect(text.startsWith(line)).toBe(true);
  });

  it('lists by prefix and reports absent objects as absent or not found', async () => {
    await store.put('list/x/1.jsonl', 'a');
    await store.put('list/x/2.jsonl', 'b');
    await store.put('list/y/3.jsonl', 'c');
    expect((await store.list('list/x/')).map((object) => object.key).sort()).toEqual([
      'list/x/1.jsonl',
      'list/x/2.jsonl',
    ]);
    expect(await store.getText('list/absent')).toBeUndefined();
    expect(await store.head('list/absent')).toBeUndefined();
    await expect(store.get('list/absent')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('presigns an upload URL that accepts a PUT without credentials', async () => {
    const url = await store.presignUpload('uploads/presigned.jsonl', 600, 'application/jsonl');
    const response = await fetch(url, {
      method: 'PUT',
      body: '{"prompt":"p","completion":"c"}\n',
      headers: { 'content-type': 'application/jsonl' },
    });
    expect(response.status).toBe(200);
    expect(await store.getText('uploads/presigned.jsonl')).toBe('{"prompt":"p","completion":"c"}\n');
  });
});
