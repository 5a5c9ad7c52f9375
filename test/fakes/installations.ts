import type { Installation, InstallationStore } from '../../src/core/workspaces/installations.js';

/** Installations in memory, counting reads so tests can see what a cache saved. */
export class InMemoryInstallationStore implements InstallationStore {
  readonly items = new Map<string, Installation>();
  reads = 0;
  async save(installation: Installation): Promise<void> {
    this.items.set(installation.teamId, installation);
  }
  async get(teamId: string): Promise<Installation | undefined> {
    this.reads += 1;
    return this.items.get(teamId);
  }
  async delete(teamId: string): Promise<void> {
    this.items.delete(teamId);
  }
}

export function installation(teamId: string, botToken = `xoxb-${teamId}`): Installation {
  return {
    teamId,
    teamName: teamId,
    enterpriseId: undefined,
    botToken,
    botId: `B${teamId}`,
    botUserId: `U${teamId}`,
    installerUserId: 'U0INSTALLER',
    scopes: ['commands'],
    installedAt: new Date('2026-11-27T12:00:00.000Z'),
  };
}
