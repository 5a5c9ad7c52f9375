/**
 * tune installed in several Slack workspaces: what an installation is and where it is kept. Each
 * workspace that adds tune ("Add to Slack") gets its own bot token; every Slack call made for a
 * team uses that team's token, and a team that removed tune gets nothing posted.
 */

/** One workspace's installation of tune, as Slack's `oauth.v2.access` returned it. */
export interface Installation {
  teamId: string;
  teamName: string | undefined;
  /** Set when the workspace belongs to an Enterprise Grid organization. */
  enterpriseId: string | undefined;
  botToken: string;
  /** The bot's id (`B…`) and its user's id (`U…`): Bolt needs both, and then makes no `auth.test`. */
  botId: string;
  botUserId: string;
  /** Who pressed "Add to Slack". */
  installerUserId: string;
  /** The bot scopes Slack granted. */
  scopes: string[];
  installedAt: Date;
}

/**
 * Installations, one per team. Every read and write is keyed by the team: there is no listing,
 * so nothing of one team is reachable from a request of another.
 */
export interface InstallationStore {
  /** Writes the team's installation, replacing an earlier one (a reinstall, new scopes). */
  save(installation: Installation): Promise<void>;
  get(teamId: string): Promise<Installation | undefined>;
  /** Removes the team's installation and its token; removing one that is not there is no error. */
  delete(teamId: string): Promise<void>;
}

/**
 * The `state` of OAuth redirects, each usable once: `issue` keeps it until `expiresAt`, and
 * `consume` returns what was kept with it the first time it is called before then, and undefined
 * for a state never issued (forged), already consumed (replayed) or expired.
 */
export interface OAuthStateStore {
  issue(state: string, payload: string, expiresAt: Date): Promise<void>;
  consume(state: string, now: Date): Promise<string | undefined>;
}
