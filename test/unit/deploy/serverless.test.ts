// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `Fn::Sub` and serverless `${…}` variables are literal text here.
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { LAMBDA_ARCHITECTURE, LAMBDA_FUNCTIONS } from '../../../scripts/build.js';
import { INDEX, TTL_ATTRIBUTE, tableDefinition } from '../../../src/aws/table.js';
import { CONFIG_VARIABLES, loadConfig } from '../../../src/config.js';
import {
  actionsOf,
  conditionHolds,
  functionEnvironment,
  functionEnvironmentNames,
  loadServerlessConfig,
  logGroupLogicalId,
  resourceOfType,
  roleLogicalIds,
  roleSchema,
  roleStatements,
  type Statement,
} from './serverless-template.js';

const config = loadServerlessConfig();
const functionNames = Object.keys(config.functions);

/** Variables Node or the Lambda runtime read themselves; tune's config never sees them. */
const PLATFORM_VARIABLES: Record<string, string> = {
  NODE_OPTIONS: 'Node reads it: --enable-source-maps for readable stack traces in the worker and the watch.',
};

const sortBy = <T>(items: readonly T[] | undefined, key: (item: T) => string): T[] =>
  [...(items ?? [])].sort((left, right) => key(left).localeCompare(key(right)));

function resourceProperties<T extends z.ZodType>(logicalId: string, properties: T): z.infer<T> {
  const resource = config.resources.Resources[logicalId];
  if (!resource) throw new Error(`serverless.yml declares no resource ${logicalId}`);
  return properties.parse(resource.Properties);
}

describe('serverless.yml functions', () => {
  it('declares exactly the functions scripts/build.ts bundles, each shipping only its own build folder', () => {
    // Prepare
    const built = Object.keys(LAMBDA_FUNCTIONS).sort();

    // Act
    const declared = [...functionNames].sort();

    // Assess
    expect(declared).toEqual(built);
    for (const name of functionNames) {
      expect(config.functions[name]?.handler).toBe(`dist/lambda/${name}/index.handler`);
      expect(config.functions[name]?.package.patterns).toEqual([`dist/lambda/${name}/**`]);
    }
    expect(config.package).toEqual({ individually: true, excludeDevDependencies: false, patterns: ['!**'] });
  });

  it('runs on the CPU scripts/build.ts ships native binaries for (resvg)', () => {
    const nodeArchitecture: Record<string, string> = { arm64: 'arm64', x86_64: 'x64' };
    expect(nodeArchitecture[config.provider.architecture]).toBe(LAMBDA_ARCHITECTURE);
  });

  it('runs Node 22 on arm64 with logs kept 30 days', () => {
    expect(config.provider.runtime).toBe('nodejs22.x');
    expect(config.provider.architecture).toBe('arm64');
    expect(config.provider.logRetentionInDays).toBe(30);
    expect(config.frameworkVersion).toBe('>=3');
  });

  it('deploys to us-east-1 only, the region the config defaults to', () => {
    // Prepare
    const minimal = {
      TUNE_TABLE_NAME: 't',
      TUNE_BUCKET: 'bucket',
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'x',
    };

    // Assess
    expect(config.provider.region).toBe('us-east-1');
    expect(loadConfig(minimal).region).toBe(config.provider.region);
  });

  it('serves Slack on POST /slack/events with a timeout well inside API Gateway’s 30 s', () => {
    const slack = config.functions.slack;
    expect(slack?.events).toEqual([{ httpApi: { method: 'POST', path: '/slack/events' } }]);
    expect(slack?.timeout).toBeLessThanOrEqual(10);
  });

  it('feeds the worker from the queue, reporting failures per message', () => {
    const worker = config.functions.worker;
    const sqs = z
      .object({
        sqs: z.object({ arn: z.unknown(), functionResponseType: z.string(), batchSize: z.number() }),
      })
      .parse(worker?.events[0]).sqs;
    expect(worker?.events).toHaveLength(1);
    expect(sqs.arn).toEqual({ 'Fn::GetAtt': ['WorkQueue', 'Arn'] });
    expect(sqs.functionResponseType).toBe('ReportBatchItemFailures');
    expect(worker?.timeout).toBe(300);
  });

  it('runs the watch every five minutes and on Bedrock job state changes matched on detail.jobStatus', () => {
    // Prepare
    const bedrockJobStatuses = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];
    const events = config.functions.watch?.events ?? [];

    // Act
    const schedules = events.filter((event) => 'schedule' in event).map((event) => event.schedule);
    const pattern = z
      .object({
        eventBridge: z.object({
          pattern: z.object({
            source: z.array(z.string()),
            'detail-type': z.array(z.string()),
            detail: z.object({ jobStatus: z.array(z.string()) }).strict(),
          }),
        }),
      })
      .parse(events.find((event) => 'eventBridge' in event)).eventBridge.pattern;

    // Assess
    expect(schedules).toEqual(['rate(5 minutes)']);
    expect(pattern.source).toEqual(['aws.bedrock']);
    expect(pattern['detail-type']).toEqual(['Model Customization Job State Change']);
    expect(pattern.detail.jobStatus).toEqual(expect.arrayContaining(['Completed', 'Failed', 'Stopped']));
    for (const status of pattern.detail.jobStatus) expect(bedrockJobStatuses).toContain(status);
  });
});

describe('serverless.yml environment', () => {
  it('gives the functions only variables that src/config.ts documents, or that Node itself reads', () => {
    for (const name of functionNames) {
      for (const variable of functionEnvironmentNames(config, name)) {
        expect(
          variable in CONFIG_VARIABLES || variable in PLATFORM_VARIABLES,
          `${name} gets ${variable}, which CONFIG_VARIABLES does not document`,
        ).toBe(true);
      }
    }
  });

  it('never puts a Slack secret in the template, only the names of the SSM parameters holding them', () => {
    // Act
    const environment = functionEnvironment(config, 'slack', { stage: 'prod' });

    // Assess
    for (const name of functionNames) {
      expect(functionEnvironmentNames(config, name)).not.toContain('SLACK_SIGNING_SECRET');
      expect(functionEnvironmentNames(config, name)).not.toContain('SLACK_BOT_TOKEN');
    }
    expect(environment.SLACK_SIGNING_SECRET_PARAM).toBe('/tune/prod/slack-signing-secret');
    expect(environment.SLACK_BOT_TOKEN_PARAM).toBe('/tune/prod/slack-bot-token');
  });

  it('gives every function an environment that loadConfig accepts when deployed with the default params', () => {
    for (const name of functionNames) {
      // Prepare
      const environment = functionEnvironment(config, name, { stage: 'ci' });

      // Act
      const loaded = loadConfig({
        ...environment,
        AWS_REGION: 'us-east-1',
        AWS_LAMBDA_FUNCTION_NAME: `tune-ci-${name}`,
      });

      // Assess
      expect(loaded.queueUrl, name).toMatch(/^https:\/\/sqs\./);
      expect(loaded.bedrockRoleArn, name).toMatch(/^arn:aws:iam::/);
      expect(loaded.authorization, name).toEqual({ users: [], usergroup: undefined, channels: [] });
      expect(loaded.logLevel, name).toBe('INFO');
    }
  });

  it('passes the authorization params through to the config', () => {
    // Prepare
    const params = { authorizedUsers: 'U1,U2', authorizedUsergroup: 'S9', authorizedChannels: 'C5' };

    // Act
    const loaded = loadConfig({
      ...functionEnvironment(config, 'worker', { stage: 'ci', params }),
      AWS_REGION: 'x',
    });

    // Assess
    expect(loaded.authorization).toEqual({ users: ['U1', 'U2'], usergroup: 'S9', channels: ['C5'] });
  });
});

describe('serverless.yml table', () => {
  const table = resourceProperties(
    'Table',
    z.looseObject({
      BillingMode: z.string(),
      AttributeDefinitions: z.array(z.object({ AttributeName: z.string(), AttributeType: z.string() })),
      KeySchema: z.array(z.object({ AttributeName: z.string(), KeyType: z.string() })),
      GlobalSecondaryIndexes: z.array(
        z.object({ IndexName: z.string(), KeySchema: z.array(z.unknown()), Projection: z.unknown() }),
      ),
      TimeToLiveSpecification: z.object({ AttributeName: z.string(), Enabled: z.boolean() }),
      PointInTimeRecoverySpecification: z.object({ PointInTimeRecoveryEnabled: z.boolean() }),
      SSESpecification: z.object({ SSEEnabled: z.boolean() }).optional(),
    }),
  );

  it('declares the keys, attributes and indexes of tableDefinition() exactly', () => {
    // Prepare
    const expected = tableDefinition('unused');

    // Assess
    expect(table.BillingMode).toBe(expected.BillingMode);
    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect(sortBy(table.AttributeDefinitions, (item) => item.AttributeName)).toEqual(
      sortBy(expected.AttributeDefinitions, (item) => item.AttributeName ?? ''),
    );
    expect(sortBy(table.GlobalSecondaryIndexes, (item) => item.IndexName)).toEqual(
      sortBy(expected.GlobalSecondaryIndexes, (item) => item.IndexName ?? ''),
    );
    expect(table.GlobalSecondaryIndexes.map((index) => index.IndexName).sort()).toEqual(
      Object.values(INDEX)
        .map((index) => index.name)
        .sort(),
    );
  });

  it('expires items on the attribute the stores write and keeps point-in-time recovery on', () => {
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
  });

  it('encrypts the table with KMS at rest: it holds every workspace’s bot token', () => {
    expect(table.SSESpecification?.SSEEnabled).toBe(true);
  });
});

describe('serverless.yml bucket', () => {
  it('blocks every form of public access, enforces bucket ownership and encrypts at rest', () => {
    const bucket = resourceProperties(
      'Bucket',
      z.looseObject({
        PublicAccessBlockConfiguration: z.record(z.string(), z.boolean()),
        BucketEncryption: z.object({
          ServerSideEncryptionConfiguration: z.array(
            z.object({ ServerSideEncryptionByDefault: z.object({ SSEAlgorithm: z.string() }) }),
          ),
        }),
        OwnershipControls: z.object({ Rules: z.array(z.object({ ObjectOwnership: z.string() })) }),
        VersioningConfiguration: z.object({ Status: z.string() }),
      }),
    );

    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    expect(
      bucket.BucketEncryption.ServerSideEncryptionConfiguration[0]?.ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toMatch(/^(AES256|aws:kms)$/);
    expect(bucket.VersioningConfiguration.Status).toBe('Enabled');
  });

  it('refuses requests that do not use TLS', () => {
    const policy = resourceProperties(
      'BucketPolicy',
      z.object({
        Bucket: z.unknown(),
        PolicyDocument: z.object({ Version: z.string(), Statement: z.array(z.unknown()) }),
      }),
    );
    expect(policy.Bucket).toEqual({ Ref: 'Bucket' });
    expect(policy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
  });
});

describe('serverless.yml queue', () => {
  const queueSchema = z.looseObject({
    VisibilityTimeout: z.number().optional(),
    SqsManagedSseEnabled: z.boolean(),
    RedrivePolicy: z.object({ deadLetterTargetArn: z.unknown(), maxReceiveCount: z.number() }).optional(),
  });

  it('moves a message to the dead-letter queue after three failed receives', () => {
    const queue = resourceProperties('WorkQueue', queueSchema);
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': ['WorkDeadLetterQueue', 'Arn'] },
      maxReceiveCount: 3,
    });
    expect(
      resourceOfType(config, 'WorkDeadLetterQueue', z.object({ Type: z.literal('AWS::SQS::Queue') })),
    ).toBeTruthy();
  });

  it('encrypts both queues', () => {
    expect(resourceProperties('WorkQueue', queueSchema).SqsManagedSseEnabled).toBe(true);
    expect(resourceProperties('WorkDeadLetterQueue', queueSchema).SqsManagedSseEnabled).toBe(true);
  });
});

describe('serverless.yml dead-letter alarm', () => {
  it('goes off as soon as one message waits in the dead-letter queue, and tells an SNS topic', () => {
    // Act
    const alarm = resourceOfType(
      config,
      'DeadLetterAlarm',
      z.object({
        Type: z.literal('AWS::CloudWatch::Alarm'),
        Properties: z.looseObject({
          Namespace: z.string(),
          MetricName: z.string(),
          Dimensions: z.array(z.object({ Name: z.string(), Value: z.unknown() })),
          Statistic: z.string(),
          Threshold: z.number(),
          ComparisonOperator: z.string(),
          TreatMissingData: z.string(),
          AlarmActions: z.array(z.unknown()),
          OKActions: z.array(z.unknown()),
        }),
      }),
    ).Properties;

    // Assess
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': ['WorkDeadLetterQueue', 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'AlarmTopic' }],
      OKActions: [{ Ref: 'AlarmTopic' }],
    });
    expect(config.resources.Resources.AlarmTopic?.Type).toBe('AWS::SNS::Topic');
    expect(config.resources.Outputs.AlarmTopicArn?.Value).toEqual({ Ref: 'AlarmTopic' });
  });

  it('emails the alarmEmail param when one is given, and subscribes nobody otherwise', () => {
    // Act
    const subscription = resourceOfType(
      config,
      'AlarmEmailSubscription',
      z.object({
        Type: z.literal('AWS::SNS::Subscription'),
        Condition: z.string(),
        Properties: z.object({ TopicArn: z.unknown(), Protocol: z.string(), Endpoint: z.string() }),
      }),
    );

    // Assess
    expect(subscription.Properties).toEqual({
      TopicArn: { Ref: 'AlarmTopic' },
      Protocol: 'email',
      Endpoint: '${param:alarmEmail}',
    });
    expect(conditionHolds(config, subscription.Condition, { stage: 'ci' })).toBe(false);
    expect(
      conditionHolds(config, subscription.Condition, {
        stage: 'ci',
        params: { alarmEmail: 'ml@example.com' },
      }),
    ).toBe(true);
  });
});

describe('serverless.yml IAM', () => {
  const everyStatement = (): { role: string; statement: Statement }[] =>
    roleLogicalIds(config).flatMap((role) =>
      roleStatements(config, role).map((statement) => ({ role, statement })),
    );

  it('gives each function its own role, assumable by Lambda only, writing only to its own log group', () => {
    // Act
    const roles = functionNames.map((name) => config.functions[name]?.role);

    // Assess
    expect(new Set(roles).size).toBe(functionNames.length);
    for (const name of functionNames) {
      const roleId = config.functions[name]?.role ?? '';
      const role = resourceOfType(config, roleId, roleSchema);
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
      const logs = roleStatements(config, roleId).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('logs:')),
      );
      expect(logs).toEqual([
        {
          Sid: 'Logs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logGroupLogicalId(name), 'Arn'] },
        },
      ]);
    }
  });

  it('lets only the worker pass a role, only the Bedrock service role, and only to Bedrock', () => {
    // Act
    const passing = everyStatement().filter(({ statement }) =>
      actionsOf(statement).some((action) => ['iam:PassRole', 'iam:*', '*'].includes(action)),
    );

    // Assess
    expect(passing).toEqual([
      {
        role: 'WorkerFunctionRole',
        statement: {
          Sid: 'PassBedrockRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: { 'Fn::GetAtt': ['BedrockServiceRole', 'Arn'] },
          Condition: { StringEquals: { 'iam:PassedToService': 'bedrock.amazonaws.com' } },
        },
      },
    ]);
  });

  it('grants no wildcard actions, no table scans and no deletes of S3 objects', () => {
    for (const { role, statement } of everyStatement()) {
      for (const action of actionsOf(statement)) {
        expect(action.endsWith('*'), `${role} grants ${action}`).toBe(false);
        expect(
          ['dynamodb:Scan', 's3:DeleteObject', 's3:DeleteBucket'],
          `${role} grants ${action}`,
        ).not.toContain(action);
      }
    }
  });

  it('limits the slack function to enqueuing, its two secrets and installations: no other item, no bucket', () => {
    // Act
    const statements = roleStatements(config, 'SlackFunctionRole');
    const actions = statements.flatMap(actionsOf);
    const table = statements.find((statement) => actionsOf(statement).includes('dynamodb:GetItem'));

    // Assess: a listener hands its request to the queue and nothing else (Slack's 3 seconds); with
    // many workspaces Bolt's authorize reads the team's installation, and only that.
    expect(actions.filter((action) => !action.startsWith('logs:')).sort()).toEqual([
      'dynamodb:GetItem',
      'kms:Decrypt',
      'sqs:SendMessage',
      'ssm:GetParameters',
    ]);
    expect(table?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INSTALLATION#*'] },
    });
  });

  it('decrypts only through SSM and reads only the stage’s two Slack parameters, in one call', () => {
    for (const name of functionNames.filter((functionName) => functionName !== 'install')) {
      const statements = roleStatements(config, config.functions[name]?.role ?? '');
      const decrypt = statements.find((statement) => actionsOf(statement).includes('kms:Decrypt'));
      const parameters = statements.find((statement) => actionsOf(statement).includes('ssm:GetParameters'));
      expect(decrypt?.Condition, name).toEqual({
        StringEquals: { 'kms:ViaService': { 'Fn::Sub': 'ssm.${AWS::Region}.amazonaws.com' } },
      });
      expect(JSON.stringify(parameters?.Resource), name).toContain('${self:custom.slackSigningSecretParam}');
      expect(z.array(z.unknown()).parse(parameters?.Resource), name).toHaveLength(2);
      // One GetParameters call reads both; the single-parameter action is not needed.
      expect(statements.flatMap(actionsOf), name).not.toContain('ssm:GetParameter');
    }
  });

  it('lets the install function read only the client secret, and write only installations and OAuth states', () => {
    // Act
    const statements = roleStatements(config, 'InstallFunctionRole');
    const table = statements.find((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    const parameters = statements.find((statement) => actionsOf(statement).includes('ssm:GetParameters'));

    // Assess
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'kms:Decrypt',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'ssm:GetParameters',
    ]);
    expect(table?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INSTALLATION#*', 'OAUTH_STATE#*'] },
    });
    expect(JSON.stringify(parameters?.Resource)).toContain('${self:custom.slackClientSecretParam}');
    expect(z.array(z.unknown()).parse(parameters?.Resource)).toHaveLength(1);
  });

  it('routes only GET /slack/install and GET /slack/oauth_redirect to the install function', () => {
    expect(config.functions.install?.events).toEqual([
      { httpApi: { method: 'GET', path: '/slack/install' } },
      { httpApi: { method: 'GET', path: '/slack/oauth_redirect' } },
    ]);
  });

  it('lets Bedrock assume its service role only for this account’s customization jobs', () => {
    // Act
    const trust = resourceOfType(config, 'BedrockServiceRole', roleSchema).Properties
      .AssumeRolePolicyDocument;

    // Assess
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'bedrock.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Sub':
                'arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:model-customization-job/*',
            },
          },
        },
      },
    ]);
  });

  it('lets Bedrock read only datasets and read and write only job outputs', () => {
    // Act
    const statements = roleStatements(config, 'BedrockServiceRole');

    // Assess
    expect(statements.flatMap(actionsOf).sort()).toEqual([
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
    const writes = statements.filter((statement) => actionsOf(statement).includes('s3:PutObject'));
    expect(writes.map((statement) => statement.Resource)).toEqual([
      { 'Fn::Sub': '${Bucket.Arn}/${self:custom.outputsPrefix}/*' },
    ]);
  });

  it('lets Bedrock list the bucket with no prefix condition, as the role policy AWS documents does', () => {
    // Bedrock checks its S3 access before a job runs with requests AWS does not document; the
    // documented policy grants s3:ListBucket on the bucket, and a narrower one may fail the job.
    const listing = roleStatements(config, 'BedrockServiceRole').filter((statement) =>
      actionsOf(statement).includes('s3:ListBucket'),
    );
    expect(listing).toEqual([
      expect.objectContaining({ Action: 's3:ListBucket', Resource: { 'Fn::GetAtt': ['Bucket', 'Arn'] } }),
    ]);
    expect(listing[0]?.Condition).toBeUndefined();
  });

  it('lets the watch list where it reads, so S3 answers a missing upload with 404 rather than 403', () => {
    // Act
    const statements = roleStatements(config, 'WatchFunctionRole');
    const listing = statements.filter((statement) => actionsOf(statement).includes('s3:ListBucket'));
    const reads = statements.filter((statement) => actionsOf(statement).includes('s3:GetObject'));

    // Assess
    expect(listing).toEqual([
      expect.objectContaining({
        Resource: { 'Fn::GetAtt': ['Bucket', 'Arn'] },
        Condition: {
          StringLike: {
            's3:prefix': ['${self:custom.uploadsPrefix}/*', '${self:custom.outputsPrefix}/*'],
          },
        },
      }),
    ]);
    expect(reads.map((statement) => statement.Resource)).toEqual([
      { 'Fn::Sub': '${Bucket.Arn}/${self:custom.outputsPrefix}/*' },
      { 'Fn::Sub': '${Bucket.Arn}/${self:custom.uploadsPrefix}/*' },
    ]);
  });

  it('grants each function only the Bedrock actions its code calls', () => {
    // Prepare: the customizer calls each role's use cases make. A feature that calls another
    // Bedrock action adds it here and in serverless.yml in the same change.
    const expected: Record<string, string[]> = {
      // nothing: the slack function only records and enqueues
      SlackFunctionRole: [],
      // src/core/jobs/start.ts createJob (tagged); src/core/jobs/stop.ts stopJob, getJob;
      // src/core/serving/deploy.ts create and delete endpoints (tagged); manage.ts deleteCustomModel
      // src/core/asking converse, converseStream, generate; src/core/catalog/availability.ts
      // listFoundationModels (the offered models, through WorkerDependencies.offers)
      WorkerFunctionRole: [
        'bedrock:CreateCustomModelDeployment',
        'bedrock:CreateModelCustomizationJob',
        'bedrock:CreateProvisionedModelThroughput',
        'bedrock:DeleteCustomModel',
        'bedrock:DeleteCustomModelDeployment',
        'bedrock:DeleteProvisionedModelThroughput',
        'bedrock:GetCustomModelDeployment',
        'bedrock:GetModelCustomizationJob',
        'bedrock:GetProvisionedModelThroughput',
        'bedrock:InvokeModel',
        'bedrock:InvokeModelWithResponseStream',
        'bedrock:ListFoundationModels',
        'bedrock:StopModelCustomizationJob',
        'bedrock:TagResource',
      ],
      // src/core/jobs/watch.ts getJob, listJobs; src/core/serving/models.ts getJob (losses);
      // src/core/serving/watch.ts get, list and delete endpoints; the offered models' daily refresh
      WatchFunctionRole: [
        'bedrock:DeleteCustomModelDeployment',
        'bedrock:DeleteProvisionedModelThroughput',
        'bedrock:GetCustomModelDeployment',
        'bedrock:GetModelCustomizationJob',
        'bedrock:GetProvisionedModelThroughput',
        'bedrock:ListCustomModelDeployments',
        'bedrock:ListFoundationModels',
        'bedrock:ListModelCustomizationJobs',
        'bedrock:ListProvisionedModelThroughputs',
      ],
    };

    for (const [role, actions] of Object.entries(expected)) {
      // Act
      const granted = roleStatements(config, role)
        .flatMap(actionsOf)
        .filter((action) => action.startsWith('bedrock:'))
        .sort();

      // Assess
      expect(granted, role).toEqual(actions);
    }
  });
});

describe('serverless.yml price list access', () => {
  it('lets only the watch read the price list, with the three read actions and nothing more', () => {
    // Prepare: the watch refreshes the cached prices (src/core/catalog/price-cache.ts); estimates
    // elsewhere read the cache only.
    const expected: Record<string, string[]> = {
      SlackFunctionRole: [],
      WorkerFunctionRole: [],
      WatchFunctionRole: ['pricing:DescribeServices', 'pricing:GetAttributeValues', 'pricing:GetProducts'],
    };

    for (const [role, actions] of Object.entries(expected)) {
      // Act
      const granted = roleStatements(config, role)
        .flatMap(actionsOf)
        .filter((action) => action.startsWith('pricing:'))
        .sort();

      // Assess
      expect(granted, role).toEqual(actions);
    }
  });
});

describe('serverless.yml outputs', () => {
  it('outputs the Slack request URL, the table, bucket, queue and the Bedrock role ARN', () => {
    const outputs = config.resources.Outputs;
    expect(outputs.SlackEventsUrl?.Value).toEqual({ 'Fn::Sub': '${HttpApi.ApiEndpoint}/slack/events' });
    expect(outputs.TableName?.Value).toEqual({ Ref: 'Table' });
    expect(outputs.BucketName?.Value).toEqual({ Ref: 'Bucket' });
    expect(outputs.WorkQueueUrl?.Value).toEqual({ Ref: 'WorkQueue' });
    expect(outputs.BedrockServiceRoleArn?.Value).toEqual({ 'Fn::GetAtt': ['BedrockServiceRole', 'Arn'] });
  });
});
