/** Registers every Slack listener on a Bolt app; the same for Lambda, the local stack and Socket Mode. */
import type { App } from '@slack/bolt';
import type { SlackEdgeDependencies } from '../dependencies.js';
import { register as registerActions } from './actions/index.js';
import { register as registerCommands } from './commands/index.js';
import { register as registerEvents } from './events/index.js';
import { register as registerViews } from './views/index.js';

export function registerListeners(app: App, dependencies: SlackEdgeDependencies): void {
  registerCommands(app, dependencies);
  registerEvents(app, dependencies);
  registerActions(app, dependencies);
  registerViews(app, dependencies);
}
