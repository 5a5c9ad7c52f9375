/**
 * Hostile requests at the real `slack` handler, property-based: every mutation of a signed request
 * (its body, timestamp, encoding, base64 flag, signature or secret) is answered 401 and hands
 * nothing over, and every request HTTP or API Gateway treats as the same one (header names in any
 * letter case, the body base64-encoded with the flag set, a clock within Slack's five minutes) is
 * accepted. The handler is built as Lambda builds it, with a recording queue in place of SQS and
 * the help command and a mention as the requests (neither calls Slack nor AWS before answering).
 * Fixed cases (a wrong signature, no signature, a stale timestamp) are in
 * test/integration/slack/edge.test.ts and test/unit/slack/signature.test.ts.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { buildSlackHandler } from '../../../src/handlers/slack.js';
import type { SlackHttpHandler } from '../../../src/slack/http-edge.js';
import { signSlackRequest } from '../../../src/slack/signature.js';
import type { Task } from '../../../src/slack/tasks.js';
import { FixedClock } from '../../fakes/clock.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { RecordingQueue } from '../../fakes/stores.js';
import { mentionEventBody, slashCommandBody } from '../../support/slack-requests.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1_800_000_000;
const clock = new FixedClock(new Date(NOW * 1000).toISOString());
const queue = new RecordingQueue<Task>();
let handler: SlackHttpHandler;

beforeAll(async () => {
  const config = loadConfig({
    TUNE_TABLE_NAME: 'tune',
    TUNE_BUCKET: 'tune-bucket',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-not-used',
    SLACK_BOT_ID: 'B0TUNE',
    SLACK_BOT_USER_ID: 'U0TUNE',
  });
  handler = await buildSlackHandler(config, {
    queue,
    clock,
    logger: new RecordingLogger(),
    secrets: { signingSecret: SECRET, botToken: 'xoxb-not-used' },
  });
});

/** What one request is, before API Gateway: the bytes Slack signed and the headers it sent. */
interface Wire {
  body: string;
  isBase64Encoded: boolean;
  headers: Record<string, string>;
}

let eventCounter = 0;
const requestKinds = {
  help: () => slashCommandBody({ text: 'help' }),
  mention: () =>
    mentionEventBody({
      eventId: `EvProp${++eventCounter}`,
      botUserId: 'U0TUNE',
      channelId: 'C1',
      userId: 'U1',
    }),
} as const;
type Kind = keyof typeof requestKinds;

function signed(kind: Kind, options: { secret?: string; timestamp?: number } = {}): Wire {
  const body = requestKinds[kind]();
  const timestamp = options.timestamp ?? NOW;
  return {
    body,
    isBase64Encoded: false,
    headers: {
      'content-type': body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(options.secret ?? SECRET, timestamp, body),
    },
  };
}

function gatewayEvent(wire: Wire): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: wire.headers,
    requestContext: {} as never,
    body: wire.body,
    isBase64Encoded: wire.isBase64Encoded,
  };
}

/** Sends one request; says whether it was refused (401, nothing queued) or did its work. */
async function outcome(kind: Kind, wire: Wire): Promise<'refused' | 'accepted' | string> {
  const queued = queue.sent.length;
  const response = await handler(gatewayEvent(wire));
  const handedOver = queue.sent.length - queued;
  if (response.statusCode === 401 && handedOver === 0) return 'refused';
  const worked =
    kind === 'help' ? String(response.body).includes('/tune help') && handedOver === 0 : handedOver === 1;
  if (response.statusCode === 200 && worked) return 'accepted';
  return `status ${response.statusCode}, ${handedOver} handed over`;
}

const kinds = fc.constantFrom<Kind>('help', 'mention');

/** A different string: one character replaced, inserted or removed, or a letter's case flipped. */
function mutated(original: string) {
  return fc
    .record({
      at: fc.nat({ max: original.length }),
      operation: fc.constantFrom('replace', 'insert', 'delete', 'flip-case'),
      character: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    })
    .map(({ at, operation, character }) => {
      const index = Math.min(at, original.length - 1);
      const before = original.slice(0, index);
      const after = original.slice(index + 1);
      const here = original[index] ?? '';
      if (operation === 'insert') return original.slice(0, at) + character + original.slice(at);
      if (operation === 'delete') return before + after;
      if (operation === 'flip-case') {
        const flipped = here === here.toLowerCase() ? here.toUpperCase() : here.toLowerCase();
        return before + flipped + after;
      }
      return before + character + after;
    })
    .filter((changed) => changed !== original);
}

/** Header names in any letter case: HTTP says they are the same headers. */
function recased(headers: Record<string, string>) {
  const names = Object.keys(headers);
  return fc
    .array(fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), {
      minLength: names.length,
      maxLength: names.length,
    })
    .map((upper) =>
      Object.fromEntries(
        names.map((name, index) => [
          [...name].map((letter, at) => (upper[index]?.[at] ? letter.toUpperCase() : letter)).join(''),
          headers[name] ?? '',
        ]),
      ),
    );
}

describe('the slack handler under mutated signed requests', () => {
  it('accepts each kind of request as Slack signs it (the control for every refusal below)', async () => {
    for (const kind of ['help', 'mention'] as const) {
      expect(await outcome(kind, signed(kind))).toBe('accepted');
    }
  });

  it('refuses every change to the body', async () => {
    await fc.assert(
      fc.asyncProperty(
        kinds.chain((kind) => {
          const wire = signed(kind);
          return fc.tuple(fc.constant(kind), fc.constant(wire), mutated(wire.body));
        }),
        async ([kind, wire, body]) => {
          expect(await outcome(kind, { ...wire, body })).toBe('refused');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses every change to the timestamp header, even one that reads as the same number', async () => {
    await fc.assert(
      fc.asyncProperty(
        kinds,
        fc.oneof(
          mutated(String(NOW)),
          fc.constantFrom(`0${NOW}`, `00${NOW}`, ` ${NOW}`, `${NOW} `, `+${NOW}`, `${NOW}.0`, '1.8e9', ''),
          fc
            .integer({ min: -10_000, max: 10_000 })
            .filter((shift) => shift !== 0)
            .map((shift) => String(NOW + shift)),
        ),
        async (kind, timestamp) => {
          const wire = signed(kind);
          expect(
            await outcome(kind, {
              ...wire,
              headers: { ...wire.headers, 'x-slack-request-timestamp': timestamp },
            }),
          ).toBe('refused');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses every change to the signature, and a request signed with any other secret', async () => {
    await fc.assert(
      fc.asyncProperty(
        kinds.chain((kind) => {
          const wire = signed(kind);
          const signature = wire.headers['x-slack-signature'] ?? '';
          return fc.tuple(
            fc.constant(kind),
            fc.constant(wire),
            fc.oneof(
              mutated(signature),
              fc.constantFrom(
                signature.toUpperCase(),
                signature.replace('v0=', 'v1='),
                signature.slice(3),
                `${signature},${signature}`,
              ),
            ),
          );
        }),
        async ([kind, wire, signature]) => {
          const forged = { ...wire, headers: { ...wire.headers, 'x-slack-signature': signature } };
          expect(await outcome(kind, forged)).toBe('refused');
        },
      ),
      { numRuns: 200 },
    );
    await fc.assert(
      fc.asyncProperty(
        kinds,
        fc.string({ minLength: 0, maxLength: 64 }).filter((secret) => secret !== SECRET),
        async (kind, secret) => {
          expect(await outcome(kind, signed(kind, { secret }))).toBe('refused');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses the same text in other bytes: other percent escapes, another Unicode form, any changed byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        kinds,
        fc.constantFrom('percent-decode', 'percent-encode', 'unicode-form', 'byte'),
        fc.nat(),
        async (kind, change, seed) => {
          const wire = signed(kind);
          // A word with "é" composed, signed as sent: accepted (the control for this case).
          const composed = wire.body.replace(/help|hello/, (word) => `${word}\u00e9`);
          const withAccent = {
            ...wire,
            body: composed,
            headers: { ...wire.headers, 'x-slack-signature': signSlackRequest(SECRET, NOW, composed) },
          };
          if (change === 'unicode-form') expect(await outcome(kind, withAccent)).toBe('accepted');
          const original = Buffer.from(change === 'unicode-form' ? composed : wire.body, 'utf8');
          let bytes: Buffer;
          if (change === 'percent-decode') {
            // `%2F` and `/` mean the same in a form, `\u002f` and `/` in JSON; the signature is over the bytes.
            bytes = Buffer.from(wire.body.replace('%2F', '/').replace('"/', '"\\u002f'), 'utf8');
          } else if (change === 'percent-encode') {
            const letters = [...wire.body.matchAll(/[a-z]/g)];
            const at = letters[seed % letters.length]?.index ?? 0;
            const escaped = `%${wire.body.charCodeAt(at).toString(16)}`;
            bytes = Buffer.from(`${wire.body.slice(0, at)}${escaped}${wire.body.slice(at + 1)}`, 'utf8');
          } else if (change === 'unicode-form') {
            bytes = Buffer.from(composed.normalize('NFD'), 'utf8');
          } else {
            // Any other byte, including ones that are not UTF-8 on their own.
            bytes = Buffer.from(original);
            const at = seed % bytes.length;
            bytes[at] = ((bytes[at] ?? 0) + 1 + (seed % 255)) % 256;
          }
          if (bytes.equals(original)) return;
          const headers = change === 'unicode-form' ? withAccent.headers : wire.headers;
          expect(
            await outcome(kind, { body: bytes.toString('base64'), isBase64Encoded: true, headers }),
          ).toBe('refused');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a body whose base64 flag is wrong either way', async () => {
    await fc.assert(
      fc.asyncProperty(kinds, fc.boolean(), async (kind, encodedWithoutFlag) => {
        const wire = signed(kind);
        const forged = encodedWithoutFlag
          ? { ...wire, body: Buffer.from(wire.body).toString('base64'), isBase64Encoded: false }
          : { ...wire, isBase64Encoded: true };
        expect(await outcome(kind, forged)).toBe('refused');
      }),
      { numRuns: 50 },
    );
  });

  it('accepts the same request with its header names in any letter case, base64-encoded or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        kinds.chain((kind) => {
          const wire = signed(kind);
          return fc.tuple(fc.constant(kind), fc.constant(wire), recased(wire.headers), fc.boolean());
        }),
        async ([kind, wire, headers, encoded]) => {
          const equivalent = encoded
            ? { headers, body: Buffer.from(wire.body).toString('base64'), isBase64Encoded: true }
            : { ...wire, headers };
          expect(await outcome(kind, equivalent)).toBe('accepted');
        },
      ),
      { numRuns: 200 },
    );
  });

  it('accepts a request signed up to five minutes from its clock either way, and refuses one further', async () => {
    await fc.assert(
      fc.asyncProperty(kinds, fc.integer({ min: -900, max: 900 }), async (kind, drift) => {
        const verdict = await outcome(kind, signed(kind, { timestamp: NOW + drift }));
        expect(verdict).toBe(Math.abs(drift) <= 300 ? 'accepted' : 'refused');
      }),
      { numRuns: 200 },
    );
  });
});
