/**
 * Bolt's OAuth stores over tune's ports: the `InstallationStore` Bolt's InstallProvider writes an
 * installation to, and a `StateStore` whose states work once (Bolt's default `ClearStateStore`
 * signs a state and checks its age, so the same redirect can be replayed for ten minutes).
 */
import { randomBytes } from 'node:crypto';
import type {
  Installation as BoltInstallation,
  InstallationStore,
  InstallURLOptions,
  StateStore,
} from '@slack/bolt';
import * as z from 'zod';
import type { Clock } from '../../core/ports.js';
import type {
  Installation,
  OAuthStateStore,
  InstallationStore as TuneInstallationStore,
} from '../../core/workspaces/installations.js';

/** How long an install link works, from the install page to Slack's redirect. */
export const STATE_LIFETIME_SECONDS = 10 * 60;

/** The code of a refused state: the one `@slack/oauth` gives its own `InvalidStateError`. */
export const INVALID_STATE_CODE = 'slack_oauth_invalid_state';

/** A redirect whose state was never issued here, was used already or is too old. */
export class InstallStateRefusedError extends Error {
  readonly code = INVALID_STATE_CODE;
  constructor(message: string) {
    super(message);
    this.name = 'InstallStateRefusedError';
  }
}

/** An installation tune cannot serve (an organization-wide install, no bot token). */
export class UnsupportedInstallationError extends Error {
  readonly code = 'tune_unsupported_installation';
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedInstallationError';
  }
}

const installOptionsSchema = z.object({
  scopes: z.union([z.string(), z.array(z.string())]),
  teamId: z.string().optional(),
  redirectUri: z.string().optional(),
  userScopes: z.union([z.string(), z.array(z.string())]).optional(),
  metadata: z.string().optional(),
});

/** States kept in tune's store: random, each consumed by the first redirect that brings it back. */
export function singleUseStateStore(states: OAuthStateStore, clock: Clock): StateStore {
  return {
    generateStateParam: async (installOptions: InstallURLOptions) => {
      const state = randomBytes(32).toString('base64url');
      const expiresAt = new Date(clock.now().getTime() + STATE_LIFETIME_SECONDS * 1000);
      await states.issue(state, JSON.stringify(installOptions), expiresAt);
      return state;
    },
    // Bolt passes its own `new Date()`; the injected clock decides, as everywhere else.
    verifyStateParam: async (_now: Date, state: string) => {
      const payload = await states.consume(state, clock.now());
      if (payload === undefined) {
        throw new InstallStateRefusedError(
          'The install link was not issued here, was used already or expired.',
        );
      }
      let stored: unknown;
      try {
        stored = JSON.parse(payload);
      } catch {
        stored = undefined;
      }
      const options = installOptionsSchema.safeParse(stored);
      if (!options.success) throw new InstallStateRefusedError('The install link could not be read back.');
      const { teamId, redirectUri, userScopes, metadata } = options.data;
      return {
        scopes: options.data.scopes,
        ...(teamId ? { teamId } : {}),
        ...(redirectUri ? { redirectUri } : {}),
        ...(userScopes ? { userScopes } : {}),
        ...(metadata ? { metadata } : {}),
      };
    },
  };
}

const boltInstallationSchema = z.object({
  team: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  enterprise: z.object({ id: z.string().min(1) }).optional(),
  isEnterpriseInstall: z.boolean().optional(),
  user: z.object({ id: z.string().min(1) }),
  bot: z
    .object({
      token: z.string().min(1),
      id: z.string().min(1),
      userId: z.string().min(1),
      scopes: z.array(z.string()),
    })
    .optional(),
});

/** What `oauth.v2.access` returned, as tune keeps it; refuses what tune cannot serve. */
export function installationFrom(installation: unknown, installedAt: Date): Installation {
  const parsed = boltInstallationSchema.parse(installation);
  if (parsed.isEnterpriseInstall || !parsed.team) {
    throw new UnsupportedInstallationError(
      'tune is installed one workspace at a time; an organization-wide install is not supported.',
    );
  }
  if (!parsed.bot) throw new UnsupportedInstallationError('Slack granted no bot token.');
  return {
    teamId: parsed.team.id,
    teamName: parsed.team.name,
    enterpriseId: parsed.enterprise?.id,
    botToken: parsed.bot.token,
    botId: parsed.bot.id,
    botUserId: parsed.bot.userId,
    installerUserId: parsed.user.id,
    scopes: parsed.bot.scopes,
    installedAt,
  };
}

/**
 * Bolt's installation store, for the install function only: it writes installations. Reading them
 * is the other functions' business (./team-tokens.ts), through the port, not through Bolt.
 */
export function boltInstallationStore(store: TuneInstallationStore, clock: Clock): InstallationStore {
  return {
    storeInstallation: async (installation: BoltInstallation) => {
      await store.save(installationFrom(installation, clock.now()));
    },
    fetchInstallation: async () => {
      throw new Error('the install function does not read installations');
    },
  };
}
