/** Which token speaks for a team: cached for minutes, asked again soon when absent, forgotten on uninstall. */
import { describe, expect, it } from 'vitest';
import type { Job } from '../../../src/core/jobs/job.js';
import { teamAnnouncers } from '../../../src/slack/team-announce.js';
import {
  INSTALLATION_CACHE_SECONDS,
  installedTokens,
  NOT_INSTALLED_CACHE_SECONDS,
  silentNotifier,
} from '../../../src/slack/team-tokens.js';
import { FixedClock } from '../../fakes/clock.js';
import { InMemoryInstallationStore, installation } from '../../fakes/installations.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { RecordingNotifier } from '../../fakes/notifier.js';
import { inProgressJob } from '../core/jobs-fixture.js';

function setup() {
  const clock = new FixedClock();
  const installations = new InMemoryInstallationStore();
  const tokens = installedTokens({ installations, clock });
  return { clock, installations, tokens };
}

describe('installedTokens', () => {
  it("gives each team its own installation's token, read once per few minutes", async () => {
    // Prepare
    const { clock, installations, tokens } = setup();
    await installations.save(installation('TA'));
    await installations.save(installation('TB'));

    // Act
    const first = await tokens.forTeam('TA');
    const other = await tokens.forTeam('TB');
    const again = await tokens.forTeam('TA');
    const readsWhileCached = installations.reads;
    clock.advance(INSTALLATION_CACHE_SECONDS * 1000 + 1);
    await tokens.forTeam('TA');

    // Assess
    expect(first).toEqual({ botToken: 'xoxb-TA', botId: 'BTA', botUserId: 'UTA' });
    expect(other?.botToken).toBe('xoxb-TB');
    expect(again).toEqual(first);
    expect(readsWhileCached).toBe(2);
    expect(installations.reads).toBe(3);
  });

  it('asks again within seconds about a team that was not installed, so a new install answers at once', async () => {
    // Prepare
    const { clock, installations, tokens } = setup();
    const before = await tokens.forTeam('TNEW');
    await installations.save(installation('TNEW'));

    // Act
    const stillCached = await tokens.forTeam('TNEW');
    clock.advance(NOT_INSTALLED_CACHE_SECONDS * 1000 + 1);
    const after = await tokens.forTeam('TNEW');

    // Assess
    expect(before).toBeUndefined();
    expect(stillCached).toBeUndefined();
    expect(after?.botToken).toBe('xoxb-TNEW');
  });

  it('stops speaking for a team at once when this container forgets it after an uninstall', async () => {
    // Prepare
    const { installations, tokens } = setup();
    await installations.save(installation('TGONE'));
    await tokens.forTeam('TGONE');

    // Act
    await installations.delete('TGONE');
    tokens.forget('TGONE');

    // Assess
    expect(await tokens.forTeam('TGONE')).toBeUndefined();
  });
});

describe('the watch speaking per team', () => {
  it("announces a job through its own team's notifier, and silently for a team that left", async () => {
    // Prepare
    const clock = new FixedClock();
    const logger = new RecordingLogger();
    const present = new RecordingNotifier();
    const notifierFor = async (teamId: string) =>
      teamId === 'TPRESENT' ? present : silentNotifier(teamId, logger);
    const { announce } = teamAnnouncers(notifierFor, clock, undefined, { region: 'us-east-1' });
    const job = (teamId: string): Job =>
      inProgressJob({ jobId: `job-${teamId}`, place: { teamId, channelId: 'C1', userId: 'U1' } });
    const transition = {
      version: 2,
      from: 'Starting',
      to: 'InProgress',
      at: '2026-11-26T12:00:00.000Z',
    } as const;

    // Act
    await announce(job('TPRESENT'), transition);
    await announce(job('TGONE'), transition);

    // Assess
    expect(present.sent.filter((sent) => sent.kind === 'post')).toHaveLength(1);
    expect(logger.entries.filter((entry) => entry.message.startsWith('not posted'))).toHaveLength(1);
  });
});
