/** What the sandbox page is given to draw: the app's tabs as tune's manifest has them, and the user groups by handle. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { slackManifest } from '../../../scripts/manifest.js';
import { startSlackSandbox } from '../../../src/local/slack-sandbox/index.js';

const snapshotSchema = z.object({
  appHome: z.object({ messagesTab: z.boolean() }),
  usergroups: z.array(z.object({ id: z.string(), handle: z.string(), name: z.string() })),
});

describe('the sandbox page state', () => {
  it('has no Messages tab, as tune’s manifest, and names user groups by their handle', async () => {
    const sandbox = await startSlackSandbox({ signingSecret: 's', botToken: 'xoxb-test' });
    try {
      const snapshot = snapshotSchema.parse(
        await (await fetch(`${sandbox.url}/ui/snapshot?user=U0ALICE`)).json(),
      );

      expect(slackManifest('https://example.com/slack/events').features.app_home.messages_tab_enabled).toBe(
        snapshot.appHome.messagesTab,
      );
      expect(snapshot.appHome).toEqual({ messagesTab: false });
      expect(snapshot.usergroups).toContainEqual({
        id: 'S0TUNEADMINS',
        handle: 'tune-admins',
        name: expect.any(String),
      });
    } finally {
      await sandbox.close();
    }
  });
});
