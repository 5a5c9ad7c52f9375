/**
 * Downloading shared files, against local HTTP servers standing in for Slack's file host and for
 * hosts that misbehave: the bot token goes only to allowed origins (each redirect checked before
 * it is followed), a silent host cannot hold the worker, a file past the largest any model
 * accepts is cut off, the login page is recognised however it is labelled, and 403/404 are final
 * while 5xx and timeouts are retried. The real fetch and the real Web API client are used.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largestDatasetBytes } from '../../../src/core/catalog/index.js';
import { SLACK_FILE_ORIGIN, SlackFiles, slackFileOrigins } from '../../../src/slack/files.js';

const TOKEN = 'xoxb-files-test';

interface Host {
  origin: string;
  /** Every request the host received: path and Authorization header. */
  requests: { path: string; authorization: string | undefined }[];
  server: Server;
}

type Route = (request: IncomingMessage, response: ServerResponse) => void;

async function startHost(routes: Record<string, Route>): Promise<Host> {
  const requests: Host['requests'] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({ path, authorization: request.headers.authorization });
    const route = routes[path];
    if (route) route(request, response);
    else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, requests, server };
}

const JSONL = '{"prompt": "a", "completion": "b"}\n';
let slack: Host;
let elsewhere: Host;

beforeAll(async () => {
  elsewhere = await startHost({
    '/steal': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(JSONL);
    },
  });
  slack = await startHost({
    '/file.jsonl': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(JSONL);
    },
    '/untyped.jsonl': (_request, response) => {
      response.end(JSONL);
    },
    '/hop': (_request, response) => {
      response.writeHead(302, { location: '/file.jsonl' });
      response.end();
    },
    '/away': (_request, response) => {
      response.writeHead(302, { location: `${elsewhere.origin}/steal` });
      response.end();
    },
    '/downgrade': (_request, response) => {
      response.writeHead(301, { location: 'http://files.slack.com/files-pri/T1-F1/download/x.jsonl' });
      response.end();
    },
    '/silent': () => {
      // Never answers.
    },
    '/stalls': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write(JSONL);
      // Never ends.
    },
    '/declared-huge': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '5000' });
      response.end();
    },
    '/streams-huge': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let index = 0; index < 50; index++) response.write(JSONL);
      response.end();
    },
    '/login-mixed-case': (_request, response) => {
      response.writeHead(200, { 'content-type': 'Text/HTML; charset=UTF-8' });
      response.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
    },
    '/login-xhtml': (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/xhtml+xml' });
      response.end('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"></html>');
    },
    '/login-untyped': (_request, response) => {
      response.end('\n  <!doctype html>\n<html lang="en"><head><title>Slack</title></head></html>');
    },
    '/forbidden': (_request, response) => {
      response.writeHead(403);
      response.end('forbidden');
    },
    '/gone': (_request, response) => {
      response.writeHead(404);
      response.end('file_not_found');
    },
    '/broken': (_request, response) => {
      response.writeHead(503);
      response.end('try later');
    },
  });
});

afterAll(async () => {
  for (const host of [slack, elsewhere]) {
    host?.server.closeAllConnections();
    await new Promise((resolve) => host?.server.close(resolve));
  }
});

function files(options: { allowedOrigins?: string[]; maxBytes?: number; timeoutMs?: number } = {}) {
  return new SlackFiles({
    client: new WebClient(TOKEN, { slackApiUrl: `${slack.origin}/api/` }),
    botToken: TOKEN,
    allowedOrigins: options.allowedOrigins ?? [slack.origin],
    maxBytes: options.maxBytes ?? 1_000_000,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

async function text(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

async function read(url: string, options?: Parameters<typeof files>[0]): Promise<string> {
  return text(await files(options).download(url));
}

describe('where files may come from', () => {
  it('allows only https://files.slack.com without a configured API URL, and adds the sandbox origin with one', () => {
    expect(slackFileOrigins(undefined)).toEqual([SLACK_FILE_ORIGIN]);
    expect(slackFileOrigins('http://127.0.0.1:4321/api/')).toEqual([
      SLACK_FILE_ORIGIN,
      'http://127.0.0.1:4321',
    ]);
  });

  it('sends nothing to an origin that is not allowed, http Slack and a local host included', async () => {
    const before = slack.requests.length;
    const production = { allowedOrigins: slackFileOrigins(undefined) };

    await expect(read(`${slack.origin}/file.jsonl`, production)).rejects.toThrow(/only from Slack/);
    await expect(read('http://files.slack.com/files-pri/T1-F1/x.jsonl', production)).rejects.toThrow(
      /not from http:\/\/files\.slack\.com/,
    );

    expect(slack.requests.length).toBe(before);
  });

  it('downloads from an allowed origin with the bot token', async () => {
    expect(await read(`${slack.origin}/file.jsonl`)).toBe(JSONL);
    expect(slack.requests.at(-1)).toEqual({ path: '/file.jsonl', authorization: `Bearer ${TOKEN}` });
  });
});

describe('redirects', () => {
  it('follows a redirect within an allowed origin', async () => {
    expect(await read(`${slack.origin}/hop`)).toBe(JSONL);
  });

  it('refuses a redirect to another origin before following it, so the token stays home', async () => {
    const reached = elsewhere.requests.length;

    await expect(read(`${slack.origin}/away`)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining(`redirected to ${elsewhere.origin}`),
    });
    await expect(read(`${slack.origin}/downgrade`)).rejects.toThrow(
      /redirected to http:\/\/files\.slack\.com/,
    );
    expect(elsewhere.requests.length).toBe(reached);
  });
});

describe('deadlines and size', () => {
  it('gives up on a host that never answers, as a retryable failure', async () => {
    const started = Date.now();

    await expect(read(`${slack.origin}/silent`, { timeoutMs: 300 })).rejects.toMatchObject({
      code: 'upstream_unavailable',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up on a body that stops half way', async () => {
    await expect(read(`${slack.origin}/stalls`, { timeoutMs: 300 })).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('within 0.3 s'),
    });
  });

  it('stops past the size cap, declared or streamed, with a message saying to split the file', async () => {
    await expect(read(`${slack.origin}/declared-huge`, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'input_invalid',
      message: expect.stringContaining('split it'),
    });
    await expect(read(`${slack.origin}/streams-huge`, { maxBytes: 1000 })).rejects.toMatchObject({
      code: 'input_invalid',
    });
  });

  it('caps downloads at the largest file any model accepts', () => {
    expect(largestDatasetBytes()).toBe(10_000_000_000);
  });
});

describe("Slack's login page and HTTP errors", () => {
  it.each([
    ['text/html in another letter case, with a charset', '/login-mixed-case'],
    ['application/xhtml+xml', '/login-xhtml'],
    ['no content type at all', '/login-untyped'],
  ])('recognises the login page served as %s', async (_label, path) => {
    await expect(read(`${slack.origin}${path}`)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('login page'),
    });
  });

  it('reads a file served without a content type', async () => {
    expect(await read(`${slack.origin}/untyped.jsonl`)).toBe(JSONL);
  });

  it('treats 403 and 404 as final, saying what to do, and 5xx as worth retrying', async () => {
    await expect(read(`${slack.origin}/forbidden`)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('files:read'),
    });
    await expect(read(`${slack.origin}/gone`)).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('Share it again'),
    });
    await expect(read(`${slack.origin}/broken`)).rejects.toMatchObject({ retryable: true });
  });
});
