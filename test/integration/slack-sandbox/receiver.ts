/**
 * A tiny stand-in for the bot's HTTP endpoint: it checks every request the way Slack's docs tell an
 * app to (its own HMAC, not the sandbox's), records what arrived, and answers as the test scripts.
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  kind: 'command' | 'interaction' | 'event';
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Form fields for a command, the `payload` JSON for an interaction, the JSON envelope for an event. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary Slack payload fields.
  body: any;
  signatureValid: boolean;
  /** The timestamp header is within five minutes of now. */
  timestampFresh: boolean;
}

export interface ReceiverAnswer {
  status?: number;
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
  /** Wait this long before answering (to miss Slack's 3 seconds on purpose). */
  delayMs?: number;
}

export type ReceiverScript = (
  request: ReceivedRequest,
) => ReceiverAnswer | undefined | Promise<ReceiverAnswer | undefined>;

export interface Receiver {
  url: string;
  requests: ReceivedRequest[];
  /** Replaces how the receiver answers from now on. */
  answerWith(script: ReceiverScript): void;
  close(): Promise<void>;
}

function verify(signingSecret: string, headers: IncomingHttpHeaders, rawBody: string): boolean {
  const timestamp = headers['x-slack-request-timestamp'];
  const signature = headers['x-slack-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export async function startReceiver(
  signingSecret: string,
  script: ReceiverScript = () => undefined,
): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let current = script;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const contentType = request.headers['content-type'] ?? '';
      const timestamp = Number(request.headers['x-slack-request-timestamp']);
      let received: ReceivedRequest;
      if (contentType.startsWith('application/json')) {
        received = {
          kind: 'event',
          body: JSON.parse(rawBody),
          headers: request.headers,
          rawBody,
          signatureValid: false,
          timestampFresh: false,
        };
      } else {
        const form = new URLSearchParams(rawBody);
        const payload = form.get('payload');
        received = payload
          ? {
              kind: 'interaction',
              body: JSON.parse(payload),
              headers: request.headers,
              rawBody,
              signatureValid: false,
              timestampFresh: false,
            }
          : {
              kind: 'command',
              body: Object.fromEntries(form),
              headers: request.headers,
              rawBody,
              signatureValid: false,
              timestampFresh: false,
            };
      }
      received.signatureValid = verify(signingSecret, request.headers, rawBody);
      received.timestampFresh = Math.abs(Date.now() / 1000 - timestamp) < 300;
      requests.push(received);
      if (!received.signatureValid || !received.timestampFresh) {
        response.writeHead(401).end();
        return;
      }
      const answer = (await current(received)) ?? {};
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (response.destroyed) return;
      const body =
        answer.body === undefined
          ? ''
          : typeof answer.body === 'string'
            ? answer.body
            : JSON.stringify(answer.body);
      const headers = {
        ...(typeof answer.body === 'object' ? { 'content-type': 'application/json' } : {}),
        ...answer.headers,
      };
      response.writeHead(answer.status ?? 200, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    requests,
    answerWith: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
