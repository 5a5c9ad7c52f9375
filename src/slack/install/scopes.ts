/**
 * The bot scopes "Add to Slack" asks for: the manifest's (scripts/manifest.ts `BOT_SCOPES`), which
 * follow the Web API methods and events tune uses. test/unit/slack/install.test.ts keeps the two
 * equal; kept apart so the install bundle does not load the manifest script.
 */
export const INSTALL_BOT_SCOPES = [
  'commands',
  'chat:write',
  'app_mentions:read',
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'files:read',
  'files:write',
  'usergroups:read',
] as const;
