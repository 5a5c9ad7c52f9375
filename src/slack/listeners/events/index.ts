import type { App } from '@slack/bolt';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { appHomeOpened } from './app-home-opened.js';
import { appMention } from './app-mention.js';
import { fileShare } from './file-share.js';

export function register(app: App, dependencies: SlackEdgeDependencies): void {
  app.event('app_mention', appMention(dependencies));
  app.event('app_home_opened', appHomeOpened(dependencies));
  app.event('message', fileShare(dependencies));
}
