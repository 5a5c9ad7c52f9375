import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/core/errors.js';

const minimal = {
  TUNE_TABLE_NAME: 'tune',
  TUNE_BUCKET: 'tune-bucket',
  SLACK_SIGNING_SECRET: 'secret',
  SLACK_BOT_TOKEN: 'xoxb-1',
};

describe('loadConfig', () => {
  it('reads a minimal environment with defaults', () => {
    const config = loadConfig({ ...minimal, TUNE_AUTHORIZED_USERS: ' U1, U2 ,,' });
    expect(config).toMatchObject({
      region: 'us-east-1',
      tableName: 'tune',
      logLevel: 'INFO',
      authorization: { users: ['U1', 'U2'], channels: [] },
    });
  });

  it('names every missing variable and what it is for', () => {
    let error: unknown;
    try {
      loadConfig({ SLACK_SIGNING_SECRET: 'x', SLACK_BOT_TOKEN: 'y' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toContain('TUNE_TABLE_NAME is not set: DynamoDB table');
    expect(String(error)).toContain('TUNE_BUCKET is not set: S3 bucket');
  });

  it('serves one workspace by default, and many without a single bot token when told', () => {
    // Prepare
    const { SLACK_BOT_TOKEN: _token, ...withoutToken } = minimal;

    // Act
    const one = loadConfig(minimal);
    const many = loadConfig({ ...withoutToken, TUNE_SLACK_WORKSPACES: 'many' });

    // Assess
    expect(one.slack.workspaces).toBe('one');
    expect(many.slack.workspaces).toBe('many');
    expect(() => loadConfig(withoutToken)).toThrowError(/SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ ...minimal, TUNE_SLACK_WORKSPACES: 'several' })).toThrowError(
      /TUNE_SLACK_WORKSPACES is invalid/,
    );
  });

  it('says which variable is malformed', () => {
    expect(() => loadConfig({ ...minimal, TUNE_S3_ENDPOINT: 'not a url' })).toThrowError(
      /TUNE_S3_ENDPOINT is invalid/,
    );
    expect(() => loadConfig({ ...minimal, TUNE_LOG_LEVEL: 'LOUD' })).toThrowError(
      /TUNE_LOG_LEVEL is invalid/,
    );
  });

  it('needs the Slack secrets directly or as SSM parameter names', () => {
    const { SLACK_BOT_TOKEN: _token, ...withoutToken } = minimal;
    expect(() => loadConfig(withoutToken)).toThrowError(/SLACK_BOT_TOKEN or SLACK_BOT_TOKEN_PARAM/);
    expect(
      loadConfig({ ...withoutToken, SLACK_BOT_TOKEN_PARAM: '/tune/prod/slack-bot-token' }).slack
        .botTokenParam,
    ).toBe('/tune/prod/slack-bot-token');
  });

  it('requires the Bedrock service role on Lambda, where Start would otherwise fail hours later', () => {
    // Prepare
    const onLambda = { ...minimal, AWS_LAMBDA_FUNCTION_NAME: 'tune-prod-worker' };
    const role = 'arn:aws:iam::123456789012:role/tune-prod-BedrockServiceRole';

    // Assess
    expect(() => loadConfig(onLambda)).toThrowError(/TUNE_BEDROCK_ROLE_ARN is not set on Lambda/);
    expect(() => loadConfig({ ...onLambda, TUNE_BEDROCK_ROLE_ARN: '' })).toThrowError(ConfigError);
    expect(loadConfig({ ...onLambda, TUNE_BEDROCK_ROLE_ARN: role }).bedrockRoleArn).toBe(role);
    // The local stack and the CLI keep working without one.
    expect(loadConfig(minimal).bedrockRoleArn).toBeUndefined();
  });

  it('reads the cost guard’s settings, with defaults, and refuses values that would defeat it', () => {
    expect(loadConfig(minimal).serving).toEqual({ idleTtlMinutes: 120, maxEndpointHoursPerDay: 8 });
    expect(
      loadConfig({ ...minimal, TUNE_IDLE_TTL_MINUTES: '30', TUNE_MAX_ENDPOINT_HOURS_PER_DAY: '2.5' }).serving,
    ).toEqual({ idleTtlMinutes: 30, maxEndpointHoursPerDay: 2.5 });
    // Under 15 minutes the reminder would come after the deletion; a day has 24 hours.
    expect(() => loadConfig({ ...minimal, TUNE_IDLE_TTL_MINUTES: '10' })).toThrowError(
      /TUNE_IDLE_TTL_MINUTES is invalid/,
    );
    expect(() => loadConfig({ ...minimal, TUNE_IDLE_TTL_MINUTES: 'two hours' })).toThrowError(
      /TUNE_IDLE_TTL_MINUTES is invalid/,
    );
    expect(() => loadConfig({ ...minimal, TUNE_MAX_ENDPOINT_HOURS_PER_DAY: '0' })).toThrowError(
      /TUNE_MAX_ENDPOINT_HOURS_PER_DAY is invalid/,
    );
    expect(() => loadConfig({ ...minimal, TUNE_MAX_ENDPOINT_HOURS_PER_DAY: '25' })).toThrowError(
      /TUNE_MAX_ENDPOINT_HOURS_PER_DAY is invalid/,
    );
  });

  it('documents every variable in the README, and no variable the config does not read', () => {
    // Prepare
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Deploy'));

    // Act
    const rows = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((match) => match[1]);

    // Assess
    expect(rows.sort()).toEqual(Object.keys(CONFIG_VARIABLES).sort());
  });
});
