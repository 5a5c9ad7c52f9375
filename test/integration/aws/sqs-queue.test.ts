/**
 * The SQS adapter through the real SDK client against a local endpoint that answers SendMessage
 * as SQS does (AWS JSON 1.0 protocol, MD5 of the body), recording what it received.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_ID_ATTRIBUTE, SqsQueue } from '../../../src/aws/sqs-queue.js';
import { UpstreamUnavailableError } from '../../../src/core/errors.js';
import { LOCAL_CREDENTIALS } from '../../../src/local/aws-servers.js';

interface Received {
  target: string | undefined;
  body: Record<string, unknown>;
}

let server: Server;
let endpoint: string;
const received: Received[] = [];
let failNext = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      received.push({ target: request.headers['x-amz-target'] as string | undefined, body });
      if (failNext > 0) {
        failNext--;
        response.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InternalError', message: 'boom' }));
        return;
      }
      const md5 = createHash('md5').update(String(body.MessageBody)).digest('hex');
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ MessageId: `m-${received.length}`, MD5OfMessageBody: md5 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function queue(maxAttempts = 1) {
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts,
  });
  return new SqsQueue<{ kind: string; n: number }>({
    client,
    queueUrl: `${endpoint}/000000000000/tune-work`,
  });
}

describe('SqsQueue', () => {
  it('sends the body as JSON with the work id as a message attribute', async () => {
    await queue().send({ id: 'event:Ev1', body: { kind: 'mention', n: 1 } });

    const last = received[received.length - 1];
    expect(last?.target).toBe('AmazonSQS.SendMessage');
    expect(last?.body).toMatchObject({
      QueueUrl: `${endpoint}/000000000000/tune-work`,
      MessageBody: '{"kind":"mention","n":1}',
      MessageAttributes: { [MESSAGE_ID_ATTRIBUTE]: { DataType: 'String', StringValue: 'event:Ev1' } },
    });
  });

  it('reports a failed hand-off as retryable, so the caller releases its claim', async () => {
    failNext = 1;
    await expect(queue().send({ id: 'event:Ev2', body: { kind: 'mention', n: 2 } })).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
  });
});
