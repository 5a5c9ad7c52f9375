/**
 * One workspace or many (`TUNE_SLACK_WORKSPACES`): which bot token speaks for a team, and what the
 * worker and the watch speak to Slack through for it. Wiring only: the cache and the rules are in
 * src/slack/team-tokens.ts.
 */
import { DynamoInstallationStore } from '../aws/dynamo-installation-store.js';
import type { Config } from '../config.js';
import { ConfigError } from '../core/errors.js';
import type { Notifier } from '../core/ports.js';
import {
  installedTokens,
  silentNotifier,
  singleWorkspaceTokens,
  type TeamTokens,
} from '../slack/team-tokens.js';
import type { DependenciesForTeam } from '../slack/worker.js';
import type { WorkerDependencies } from '../slack/worker-dependencies.js';
import { type BaseRuntime, notifierFor, type Runtime, workerDependencies } from './runtime.js';

export function installationStoreFor(config: Config, runtime: BaseRuntime): DynamoInstallationStore {
  return new DynamoInstallationStore({
    client: runtime.clients.documents,
    tableName: config.tableName,
    logger: runtime.logger,
  });
}

/** Each team's bot: the configuration's one token, or the team's installation. Logs which, once. */
export function teamTokensFor(config: Config, runtime: BaseRuntime): TeamTokens {
  let tokens: TeamTokens;
  if (config.slack.workspaces === 'many') {
    tokens = installedTokens({
      installations: installationStoreFor(config, runtime),
      clock: runtime.clock,
      logger: runtime.logger,
    });
  } else {
    const botToken = runtime.secrets.botToken;
    if (!botToken) throw new ConfigError('Set SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_PARAM (one workspace).');
    tokens = singleWorkspaceTokens({
      botToken,
      botId: config.slack.botId,
      botUserId: config.slack.botUserId,
    });
  }
  runtime.logger.info(`Slack workspaces: ${tokens.description}`, { workspaces: config.slack.workspaces });
  return tokens;
}

/**
 * The worker's dependencies for a team, speaking with its token (built once per token), or
 * undefined where tune is not installed. With one workspace, `base` for every team.
 */
export function workerDependenciesByTeam(
  config: Config,
  runtime: Runtime,
  tokens: TeamTokens,
  base: WorkerDependencies,
): DependenciesForTeam {
  if (config.slack.workspaces === 'one') return async () => base;
  const built = new Map<string, WorkerDependencies>();
  return async (teamId) => {
    const bot = await tokens.forTeam(teamId);
    if (!bot) return undefined;
    let dependencies = built.get(bot.botToken);
    if (!dependencies) {
      dependencies = {
        ...workerDependencies(config, runtime, base.queue, bot.botToken),
        workspaces: base.workspaces,
      };
      built.set(bot.botToken, dependencies);
    }
    return dependencies;
  };
}

/** What the worker does on `app_uninstalled` and `tokens_revoked` (many workspaces only). */
export function workspaceInstallsFor(config: Config, runtime: BaseRuntime, tokens: TeamTokens) {
  if (config.slack.workspaces === 'one') return undefined;
  const installations = installationStoreFor(config, runtime);
  return {
    uninstalled: async (teamId: string) => {
      await installations.delete(teamId);
      tokens.forget(teamId);
    },
    installedAt: async (teamId: string) => (await installations.get(teamId))?.installedAt,
  };
}

/**
 * The watch's notifier for a team: its own token, or one that posts nothing where tune is not
 * installed (jobs and endpoints are still followed; Slack hears nothing). Built once per token.
 */
export function notifiersByTeam(config: Config, runtime: BaseRuntime, tokens: TeamTokens) {
  const built = new Map<string, Notifier>();
  return async (teamId: string): Promise<Notifier> => {
    const bot = await tokens.forTeam(teamId);
    if (!bot) return silentNotifier(teamId, runtime.logger);
    let notifier = built.get(bot.botToken);
    if (!notifier) {
      notifier = notifierFor(bot.botToken, config, runtime.logger);
      built.set(bot.botToken, notifier);
    }
    return notifier;
  };
}
