import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../../src/slack/signature.js';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = 'token=xyz&team_id=T1&command=%2Ftune&text=help';

describe('verifySlackSignature', () => {
  it("matches the example in Slack's documentation", () => {
    // From https://api.slack.com/authentication/verifying-requests-from-slack (worked example).
    const docBody =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest(secret, 1531420618, docBody)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('accepts a fresh request signed with the secret', () => {
    const now = 1_800_000_000;
    const signature = signSlackRequest(secret, now, body);
    expect(
      verifySlackSignature({
        signingSecret: secret,
        signature,
        timestamp: String(now),
        rawBody: body,
        nowSeconds: now + 10,
      }),
    ).toEqual({ ok: true });
  });

  it('rejects a missing signature, a missing timestamp, a tampered body and a wrong secret', () => {
    const now = 1_800_000_000;
    const signature = signSlackRequest(secret, now, body);
    const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
      verifySlackSignature({
        signingSecret: secret,
        signature,
        timestamp: String(now),
        rawBody: body,
        nowSeconds: now,
        ...overrides,
      });
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(check({ timestamp: 'soon' })).toEqual({ ok: false, reason: 'missing_timestamp' });
    expect(check({ rawBody: `${body}&x=1` })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ signingSecret: 'other' })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ signature: 'v0=short' })).toEqual({ ok: false, reason: 'bad_signature' });
    // Regression: the timestamp was signed as a number, so `0<timestamp>` verified with the same signature.
    expect(check({ timestamp: `0${now}` })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects timestamps more than five minutes away in either direction, and accepts exactly five', () => {
    const signedAt = 1_800_000_000;
    const signature = signSlackRequest(secret, signedAt, body);
    const at = (nowSeconds: number) =>
      verifySlackSignature({
        signingSecret: secret,
        signature,
        timestamp: String(signedAt),
        rawBody: body,
        nowSeconds,
      });
    expect(at(signedAt + 300)).toEqual({ ok: true });
    expect(at(signedAt + 301)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(at(signedAt - 301)).toEqual({ ok: false, reason: 'stale_timestamp' });
  });
});
