/**
 * "Add to Slack": Bolt's ExpressReceiver serving only its OAuth routes, `GET /slack/install` (a page
 * with the button) and `GET /slack/oauth_redirect` (where Slack sends the person back). Bolt's
 * InstallProvider checks the state (our single-use store, and its cookie tying the state to the
 * browser that asked), exchanges the code with `oauth.v2.access`, and hands the installation to
 * tune's store. Events never come here: the slack function serves them (AwsLambdaReceiver).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExpressReceiver } from '@slack/bolt';
import type { Clock, Logger } from '../../core/ports.js';
import type { InstallationStore, OAuthStateStore } from '../../core/workspaces/installations.js';
import { boltLogger } from '../bolt-logger.js';
import { boltInstallationStore, STATE_LIFETIME_SECONDS, singleUseStateStore } from './bolt-stores.js';
import { installedPage, installPage, notInstalledPage } from './pages.js';
import { INSTALL_BOT_SCOPES } from './scopes.js';

export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface InstallReceiverOptions {
  clientId: string;
  clientSecret: string;
  installations: InstallationStore;
  states: OAuthStateStore;
  clock: Clock;
  logger: Logger;
  /** The Slack Web API base URL (the sandbox's locally); Slack's authorize page is beside it. */
  slackApiUrl?: string;
}

/** Slack's authorize page, beside its Web API: `https://slack.com/oauth/v2/authorize`. */
export function authorizationUrlFor(slackApiUrl = 'https://slack.com/api/'): string {
  return new URL('../oauth/v2/authorize', slackApiUrl.endsWith('/') ? slackApiUrl : `${slackApiUrl}/`).href;
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  response.end(html);
}

export function createInstallReceiver(options: InstallReceiverOptions): ExpressReceiver {
  const { logger, clock } = options;
  return new ExpressReceiver({
    // No events route: nothing here is signed by Slack, so there is no signature to check.
    signingSecret: '',
    signatureVerification: false,
    endpoints: {},
    logger: boltLogger(logger),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scopes: [...INSTALL_BOT_SCOPES],
    installationStore: boltInstallationStore(options.installations, clock),
    installerOptions: {
      installPath: INSTALL_PATH,
      redirectUriPath: REDIRECT_PATH,
      stateStore: singleUseStateStore(options.states, clock),
      stateCookieExpirationSeconds: STATE_LIFETIME_SECONDS,
      renderHtmlForInstallPath: installPage,
      authorizationUrl: authorizationUrlFor(options.slackApiUrl),
      clientOptions: {
        ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
        retryConfig: { retries: 1 },
        timeout: 10_000,
      },
      callbackOptions: {
        success: (installation, _options, _request: IncomingMessage, response: ServerResponse) => {
          const workspace = installation.team?.name ?? installation.team?.id ?? 'your workspace';
          logger.info('installed in a workspace', {
            teamId: installation.team?.id,
            installer: installation.user.id,
          });
          sendHtml(response, 200, installedPage(workspace));
        },
        failure: (error, _options, _request, response) => {
          logger.warn('an install did not complete', { code: error.code, error: error.message });
          // An installation tune cannot serve was refused by the store, before anything was written.
          sendHtml(response, 400, notInstalledPage(error.code, error.message));
        },
      },
    },
  });
}
