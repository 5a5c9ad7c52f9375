import type { App } from '@slack/bolt';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { appHomeOpened } from './app-home-opened.js';
import { appMention } from './app-mention.js';
import { appUninstalled } from './app-uninstalled.js';
import { fileShare } from './file-share.js';
import { tokensRevoked } from './tokens-revoked.js';

export function register(app: App, dependencies: SlackEdgeDependencies): void {
  app.event('app_mention', appMention(dependencies));
  app.event('app_home_opened', appHomeOpened(dependencies));
  app.event('message', fileShare(dependencies));
  app.event('app_uninstalled', appUninstalled(dependencies));
  app.event('tokens_revoked', tokensRevoked(dependencies));
}
