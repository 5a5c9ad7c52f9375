/**
 * Which bot token speaks for a team. With one workspace it is the one token of the configuration;
 * with many, each team's installation (written by the install function), read from the store and
 * kept for a few minutes so that a busy team costs one read per container every few minutes.
 */
import type { Clock, Logger, Notifier } from '../core/ports.js';
import type { InstallationStore } from '../core/workspaces/installations.js';

export interface BotIdentity {
  botToken: string;
  /** Known from the installation; with one workspace, from the configuration when set. */
  botId: string | undefined;
  botUserId: string | undefined;
}

/**
 * The team's bot, or undefined when tune is not installed there (never was, or was removed):
 * nothing may then be posted for that team.
 */
export interface TeamTokens {
  forTeam(teamId: string): Promise<BotIdentity | undefined>;
  /** Drops what is cached for the team (after an uninstall, so this container stops at once). */
  forget(teamId: string): void;
  /** For the startup log: which mode, in words. */
  readonly description: string;
}

/** One workspace: every team gets the configured token (Slack only sends this workspace's requests). */
export function singleWorkspaceTokens(identity: BotIdentity): TeamTokens {
  return {
    forTeam: async () => identity,
    forget: () => {},
    description: 'one workspace, with the bot token of the configuration',
  };
}

/** How long a team's installation is used before it is read again. */
export const INSTALLATION_CACHE_SECONDS = 5 * 60;
/**
 * A team found not installed is asked again sooner: a workspace that has just added tune must not
 * wait minutes for its first answer.
 */
export const NOT_INSTALLED_CACHE_SECONDS = 30;

/** Many workspaces: each team's own installation, cached per container. */
export function installedTokens(options: {
  installations: InstallationStore;
  clock: Clock;
  logger?: Logger;
}): TeamTokens {
  const cache = new Map<string, { identity: BotIdentity | undefined; until: number }>();
  return {
    forTeam: async (teamId) => {
      const now = options.clock.now().getTime();
      const cached = cache.get(teamId);
      if (cached && cached.until > now) return cached.identity;
      const installation = await options.installations.get(teamId);
      const identity = installation
        ? { botToken: installation.botToken, botId: installation.botId, botUserId: installation.botUserId }
        : undefined;
      const seconds = identity ? INSTALLATION_CACHE_SECONDS : NOT_INSTALLED_CACHE_SECONDS;
      cache.set(teamId, { identity, until: now + seconds * 1000 });
      if (!identity) options.logger?.info('tune is not installed in this workspace', { teamId });
      return identity;
    },
    forget: (teamId) => {
      cache.delete(teamId);
    },
    description: 'many workspaces, each with the bot token of its installation (Add to Slack)',
  };
}

/**
 * Posts nothing: what the watch speaks through for a team that removed tune. Its jobs and
 * endpoints are still followed and recorded; only Slack hears nothing.
 */
export function silentNotifier(teamId: string, logger: Logger): Notifier {
  const skipped = (what: string) =>
    logger.info('not posted: tune is not installed in the workspace', { teamId, what });
  return {
    post: async () => {
      skipped('post');
      return '';
    },
    update: async () => skipped('update'),
    postEphemeral: async () => skipped('ephemeral'),
    respond: async () => skipped('respond'),
    publishHome: async () => skipped('home'),
    updateView: async () => skipped('view'),
    uploadFile: async () => skipped('file'),
  };
}
