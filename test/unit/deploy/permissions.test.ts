// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `Fn::Sub` text is literal here.
/**
 * What the deployed template allows, read as CloudFormation will read it: `*` resources only where
 * AWS offers no narrower one (each listed with why), every `${AWS::…}` inside a `Fn::Sub` so that
 * CloudFormation substitutes it, and no policy anywhere (bucket, queue, topic) that lets anyone in.
 * serverless.yml declares every role and policy as a resource (no `provider.iam`), so these are
 * the template's IAM: `osls package` adds no role, only its deployment bucket (public access
 * blocked, plain HTTP denied) and Lambda permissions for API Gateway and EventBridge, each bound to
 * its source ARN. Reading serverless.yml keeps the test offline and free of a build; the narrower
 * rules on each role (its Bedrock actions, `iam:PassRole`, public access blocks) are in
 * serverless.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  actionsOf,
  loadServerlessConfig,
  roleLogicalIds,
  roleStatements,
  statementSchema,
} from './serverless-template.js';

const config = loadServerlessConfig();

/** Actions granted on every resource, and why no narrower resource will do. */
const ANY_RESOURCE: Record<string, string> = {
  'bedrock:ListFoundationModels': 'a List action: Bedrock defines no resource type for it',
  'bedrock:ListModelCustomizationJobs': 'a List action: Bedrock defines no resource type for it',
  'bedrock:ListCustomModelDeployments': 'a List action: Bedrock defines no resource type for it',
  'bedrock:ListProvisionedModelThroughputs': 'a List action: Bedrock defines no resource type for it',
  'pricing:GetProducts': 'the Price List API supports no resource-level permissions',
  'pricing:DescribeServices': 'the Price List API supports no resource-level permissions',
  'pricing:GetAttributeValues': 'the Price List API supports no resource-level permissions',
  'kms:Decrypt':
    "the SecureStrings use the account's AWS managed key for SSM, whose ARN the template cannot know; limited to calls made through SSM by kms:ViaService",
};

/** Conditions that must come with an exception. */
const REQUIRED_CONDITION: Record<string, string> = { 'kms:Decrypt': 'kms:ViaService' };

function everyStatement() {
  return roleLogicalIds(config).flatMap((role) =>
    roleStatements(config, role).map((statement) => ({ role, statement })),
  );
}

/** Every string in a value, with whether it sits inside a `Fn::Sub` (where `${…}` is substituted). */
function strings(value: unknown, inSub = false, path = ''): { path: string; text: string; inSub: boolean }[] {
  if (typeof value === 'string') return [{ path, text: value, inSub }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, inSub, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) =>
      strings(item, inSub || key === 'Fn::Sub', `${path}.${key}`),
    );
  }
  return [];
}

describe('the template’s permissions', () => {
  it('grants an action on every resource only where AWS offers no narrower resource, and says why', () => {
    const onEverything = everyStatement().filter(({ statement }) =>
      [statement.Resource].flat().some((resource) => resource === '*'),
    );

    expect(onEverything.length).toBeGreaterThan(0);
    for (const { role, statement } of onEverything) {
      // One `*` statement per purpose: nothing narrow rides along with an exception.
      expect([statement.Resource].flat(), `${role} ${statement.Sid}`).toEqual(['*']);
      for (const action of actionsOf(statement)) {
        expect(ANY_RESOURCE[action], `${role} grants ${action} on *`).toBeDefined();
        const condition = REQUIRED_CONDITION[action];
        if (condition) {
          expect(JSON.stringify(statement.Condition ?? {}), `${role} ${action}`).toContain(condition);
        }
      }
    }
  });

  it('never grants an action with a wildcard, nor on a resource ARN made only of wildcards', () => {
    for (const { role, statement } of everyStatement()) {
      for (const action of actionsOf(statement)) expect(action, role).not.toContain('*');
      for (const resource of strings(statement.Resource)) {
        expect(resource.text, `${role} ${statement.Sid}`).not.toMatch(/^arn:[^:]*:\*:/);
      }
    }
  });

  // Regression: the worker's InvokeModel on base models named `'arn:${AWS::Partition}:bedrock:*::…'`
  // without `!Sub`; CloudFormation keeps such text as it is, so the grant matched nothing and asking
  // a base model (`--compare`, cross-region profiles) would have been refused.
  it('substitutes every ${AWS::…} and ${Resource…} reference: each sits inside a Fn::Sub', () => {
    const unsubstituted = strings(config.resources.Resources).filter(
      (entry) => !entry.inSub && /\$\{(AWS::|[A-Z][A-Za-z]+(\.[A-Za-z]+)?\})/.test(entry.text),
    );
    expect(unsubstituted.map((entry) => `${entry.path}: ${entry.text}`)).toEqual([]);
  });

  it('lets nobody outside the account in: no resource policy allows a * principal', () => {
    const policies = Object.entries(config.resources.Resources).filter(([, resource]) =>
      /Policy$/.test(resource.Type),
    );
    expect(policies.map(([id]) => id)).toContain('BucketPolicy');
    for (const [id, resource] of policies) {
      const document = (resource.Properties?.PolicyDocument ?? {}) as { Statement?: unknown[] };
      for (const raw of document.Statement ?? []) {
        const statement = statementSchema.parse(raw);
        if (statement.Effect !== 'Allow') continue;
        expect(JSON.stringify(statement.Principal ?? null), `${id} ${statement.Sid}`).not.toMatch(
          /"\*"|^"\*"$/,
        );
      }
    }
  });
});
