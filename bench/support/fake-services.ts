/**
 * One local HTTP server standing in for the services the `slack` function calls, answering as
 * they do, with a fixed delay added to every call (a cold Lambda's first calls cross the network
 * and open TLS connections; 50 ms is a modest figure for that):
 * - SQS SendMessage, AWS JSON 1.0 (`x-amz-target: AmazonSQS.SendMessage`): MessageId and the MD5 of
 *   the body, which the SDK checks;
 * - SSM GetParameters, AWS JSON 1.1 (`x-amz-target: AmazonSSM.GetParameters`): the parameters it
 *   was given, the rest under InvalidParameters;
 * - Slack's Web API `views.open` under `/api/`: `{ ok: true, view: { id } }`;
 * - DynamoDB PutItem, AWS JSON 1.0 (`x-amz-target: DynamoDB_20120810.PutItem`): `{}`, as for a put
 *   that returns nothing (the install function keeping an OAuth state).
 * Anything else is answered 400 and counted, so that a benchmark notices a call it did not expect.
 * Run as a program (bench/ack.ts does, to keep it off the measured process's event loop), it
 * prints its URLs as one JSON line and takes its settings from BENCH_DELAY_MS and
 * BENCH_PARAMETERS (JSON).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

export interface FakeServicesOptions {
  /** Added to every call before it is answered. */
  delayMs: number;
  /** SSM parameter names and their values. */
  parameters: Record<string, string>;
}

export type CallCounts = Record<string, number>;

/** Answers the counts (and resets them) to a benchmark running the server in another process. */
export const COUNTS_PATH = '/__counts';

export interface FakeServices {
  /** e.g. http://127.0.0.1:41234 (SQS and SSM endpoint). */
  url: string;
  /** Slack Web API base URL, ending with a slash. */
  slackApiUrl: string;
  queueUrl: string;
  /** Calls answered since the last `takeCounts`, by operation. */
  takeCounts(): CallCounts;
  setDelay(delayMs: number): void;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(response: ServerResponse, status: number, contentType: string, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function field(body: string, name: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null
      ? (parsed as Record<string, unknown>)[name]
      : undefined;
  } catch {
    return undefined;
  }
}

export async function startFakeServices(options: FakeServicesOptions): Promise<FakeServices> {
  let delayMs = options.delayMs;
  let counts: CallCounts = {};
  let messages = 0;
  let views = 0;
  const count = (operation: string) => {
    counts[operation] = (counts[operation] ?? 0) + 1;
  };
  const takeCounts = () => {
    const taken = counts;
    counts = {};
    return taken;
  };
  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      if (request.url === COUNTS_PATH) {
        json(response, 200, 'application/json', takeCounts());
        return;
      }
      if (delayMs > 0) await sleep(delayMs);
      const target = request.headers['x-amz-target'];
      if (target === 'AmazonSQS.SendMessage') {
        count('sqs:SendMessage');
        const md5 = createHash('md5')
          .update(String(field(body, 'MessageBody') ?? ''))
          .digest('hex');
        json(response, 200, 'application/x-amz-json-1.0', {
          MessageId: `message-${++messages}`,
          MD5OfMessageBody: md5,
        });
        return;
      }
      if (target === 'AmazonSSM.GetParameters') {
        count('ssm:GetParameters');
        const names = field(body, 'Names');
        const wanted = Array.isArray(names) ? names.map(String) : [];
        const known = wanted.filter((name) => name in options.parameters);
        json(response, 200, 'application/x-amz-json-1.1', {
          Parameters: known.map((name) => ({
            Name: name,
            Type: 'SecureString',
            Value: options.parameters[name],
            Version: 1,
          })),
          InvalidParameters: wanted.filter((name) => !(name in options.parameters)),
        });
        return;
      }
      if (target === 'DynamoDB_20120810.PutItem') {
        count('dynamodb:PutItem');
        json(response, 200, 'application/x-amz-json-1.0', {});
        return;
      }
      if (request.url?.startsWith('/api/views.open')) {
        count('slack:views.open');
        json(response, 200, 'application/json; charset=utf-8', {
          ok: true,
          view: { id: `VBENCH${++views}`, hash: `hash-${views}` },
        });
        return;
      }
      count(`unexpected:${String(target ?? request.url)}`);
      json(response, 400, 'application/json', { message: 'not faked' });
    })();
  });
  // Many requests in flight (bench/ack.ts) reuse kept-alive connections, as the SDK does.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    slackApiUrl: `${url}/api/`,
    queueUrl: `${url}/000000000000/tune-work`,
    takeCounts,
    setDelay(next) {
      delayMs = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const services = await startFakeServices({
    delayMs: Number(process.env.BENCH_DELAY_MS ?? '0'),
    parameters: JSON.parse(process.env.BENCH_PARAMETERS ?? '{}') as Record<string, string>,
  });
  process.stdout.write(
    `${JSON.stringify({ url: services.url, slackApiUrl: services.slackApiUrl, queueUrl: services.queueUrl })}\n`,
  );
  process.on('SIGTERM', () => {
    void services.close().then(() => process.exit(0));
  });
}
