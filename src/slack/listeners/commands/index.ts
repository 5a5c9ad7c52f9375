import type { App } from '@slack/bolt';
import type { SlackEdgeDependencies } from '../../dependencies.js';
import { tuneCommand } from './tune.js';

export function register(app: App, dependencies: SlackEdgeDependencies): void {
  app.command('/tune', tuneCommand(dependencies));
}
