/** "Add to Slack" asks for what the manifest declares: no more (least privilege), no less (it works). */
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../scripts/manifest.js';
import { authorizationUrlFor } from '../../../src/slack/install/install-receiver.js';
import { INSTALL_BOT_SCOPES } from '../../../src/slack/install/scopes.js';

describe('the install function', () => {
  it('asks for exactly the bot scopes of the manifest', () => {
    expect([...INSTALL_BOT_SCOPES].sort()).toEqual([...BOT_SCOPES].sort());
  });

  it("sends people to Slack's authorize page beside its Web API, or the sandbox's", () => {
    expect(authorizationUrlFor()).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorizationUrlFor('http://127.0.0.1:3333/api/')).toBe(
      'http://127.0.0.1:3333/oauth/v2/authorize',
    );
  });
});
