/** The installation and OAuth state stores through the real DynamoDB client against dynalite. */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoInstallationStore,
  DynamoOAuthStateStore,
  installationKey,
} from '../../../src/aws/dynamo-installation-store.js';
import type { Installation } from '../../../src/core/workspaces/installations.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { type LocalAws, startLocalAws } from '../../support/local-aws.js';

let aws: LocalAws;
let installations: DynamoInstallationStore;
let states: DynamoOAuthStateStore;
const logger = new RecordingLogger();

beforeAll(async () => {
  aws = await startLocalAws();
  const table = { client: aws.clients.documents, tableName: aws.tableName, logger };
  installations = new DynamoInstallationStore(table);
  states = new DynamoOAuthStateStore(table);
});
afterAll(async () => {
  await aws.close();
});

function installation(teamId: string, overrides: Partial<Installation> = {}): Installation {
  return {
    teamId,
    teamName: `Team ${teamId}`,
    enterpriseId: undefined,
    botToken: `xoxb-${teamId}`,
    botId: `B${teamId}`,
    botUserId: `U${teamId}`,
    installerUserId: 'U0INSTALLER',
    scopes: ['chat:write', 'commands'],
    installedAt: new Date('2026-11-27T12:00:00.000Z'),
    ...overrides,
  };
}

describe('DynamoInstallationStore', () => {
  it('keeps one installation per team with every field, replaced by a reinstall', async () => {
    // Prepare
    await installations.save(installation('TA'));
    await installations.save(installation('TB', { enterpriseId: 'E1' }));

    // Act
    await installations.save(installation('TA', { botToken: 'xoxb-TA-2', scopes: ['chat:write'] }));

    // Assess
    expect(await installations.get('TA')).toEqual(
      installation('TA', { botToken: 'xoxb-TA-2', scopes: ['chat:write'] }),
    );
    expect(await installations.get('TB')).toEqual(installation('TB', { enterpriseId: 'E1' }));
    expect(await installations.get('TC')).toBeUndefined();
  });

  it("deletes a team's installation and only that one; deleting it again is no error", async () => {
    // Prepare
    await installations.save(installation('TD'));
    await installations.save(installation('TE'));

    // Act
    await installations.delete('TD');
    await installations.delete('TD');

    // Assess
    expect(await installations.get('TD')).toBeUndefined();
    expect((await installations.get('TE'))?.botToken).toBe('xoxb-TE');
  });

  it('reads an installation it cannot parse as absent, and logs it', async () => {
    // Prepare
    await aws.clients.documents.send(
      new PutCommand({
        TableName: aws.tableName,
        Item: { ...installationKey('TF'), type: 'installation', installation: { teamId: 'TF' } },
      }),
    );

    // Act
    const read = await installations.get('TF');

    // Assess
    expect(read).toBeUndefined();
    expect(logger.entries.map((entry) => entry.message)).toContain(
      'skipped an unreadable installation record',
    );
  });
});

describe('DynamoOAuthStateStore', () => {
  const now = new Date('2026-11-27T12:00:00.000Z');
  const later = new Date(now.getTime() + 10 * 60 * 1000);

  it('gives back what was kept with a state once; a second use finds nothing', async () => {
    // Prepare
    await states.issue('state-1', '{"scopes":["commands"]}', later);

    // Act
    const first = await states.consume('state-1', now);
    const replayed = await states.consume('state-1', now);

    // Assess
    expect(first).toBe('{"scopes":["commands"]}');
    expect(replayed).toBeUndefined();
  });

  it('finds nothing for a state never issued, or one past its expiry', async () => {
    // Prepare
    await states.issue('state-2', 'payload', later);

    // Act
    const forged = await states.consume('state-forged', now);
    const expired = await states.consume('state-2', new Date(later.getTime() + 1000));

    // Assess
    expect(forged).toBeUndefined();
    expect(expired).toBeUndefined();
  });
});
