/**
 * Reads serverless.yml for the deploy tests: the CloudFormation short forms it uses (`!Ref`,
 * `!GetAtt`, `!Sub`) become their long forms, and the parts the tests read are checked with zod so
 * the tests can trust their shape. Any other tag, or a YAML warning, fails the parse: a tag these
 * tests do not understand must be added here, not silently read as a plain string.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, type ScalarTag } from 'yaml';
import * as z from 'zod';

export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

const cloudFormationTags: ScalarTag[] = [
  { tag: '!Ref', resolve: (value) => ({ Ref: value }) },
  {
    tag: '!GetAtt',
    resolve: (value) => {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
    },
  },
  { tag: '!Sub', resolve: (value) => ({ 'Fn::Sub': value }) },
];

const record = z.record(z.string(), z.unknown());

export const statementSchema = z.object({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Principal: z.unknown().optional(),
  Action: z.union([z.string(), z.array(z.string())]),
  Resource: z.unknown().optional(),
  Condition: z.record(z.string(), record).optional(),
});
export type Statement = z.infer<typeof statementSchema>;

const policyDocumentSchema = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z.array(statementSchema),
});

export const roleSchema = z.object({
  Type: z.literal('AWS::IAM::Role'),
  Properties: z.object({
    AssumeRolePolicyDocument: policyDocumentSchema,
    Policies: z.array(z.object({ PolicyName: z.string(), PolicyDocument: policyDocumentSchema })),
  }),
});

const resourceSchema = z.looseObject({ Type: z.string(), Properties: record.optional() });

const functionSchema = z.object({
  description: z.string(),
  handler: z.string(),
  role: z.string(),
  timeout: z.number(),
  memorySize: z.number(),
  environment: z.record(z.string(), z.unknown()).optional(),
  package: z.object({ patterns: z.array(z.string()) }),
  events: z.array(record),
});

const serverlessSchema = z.object({
  service: z.string(),
  frameworkVersion: z.string(),
  params: z.object({ default: z.record(z.string(), z.string()) }),
  custom: z.record(z.string(), z.string()),
  provider: z.looseObject({
    name: z.literal('aws'),
    runtime: z.string(),
    architecture: z.string(),
    region: z.string(),
    logRetentionInDays: z.number(),
    environment: z.record(z.string(), z.unknown()),
  }),
  package: z.object({
    individually: z.boolean(),
    excludeDevDependencies: z.boolean(),
    patterns: z.array(z.string()),
  }),
  functions: z.record(z.string(), functionSchema),
  resources: z.object({
    Conditions: z.record(z.string(), z.unknown()),
    Resources: z.record(z.string(), resourceSchema),
    Outputs: z.record(z.string(), z.object({ Description: z.string().optional(), Value: z.unknown() })),
  }),
});
export type ServerlessConfig = z.infer<typeof serverlessSchema>;

export function loadServerlessConfig(path = join(projectRoot, 'serverless.yml')): ServerlessConfig {
  const document = parseDocument(readFileSync(path, 'utf8'), { customTags: cloudFormationTags });
  const problems = [...document.errors, ...document.warnings].map((problem) => problem.message);
  if (problems.length > 0) throw new Error(`serverless.yml does not parse cleanly:\n${problems.join('\n')}`);
  return serverlessSchema.parse(document.toJS());
}

export function resourceOfType<T extends z.ZodType>(
  config: ServerlessConfig,
  logicalId: string,
  schema: T,
): z.infer<T> {
  const resource = config.resources.Resources[logicalId];
  if (!resource) throw new Error(`serverless.yml declares no resource ${logicalId}`);
  return schema.parse(resource);
}

export function actionsOf(statement: Statement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
}

/** Every statement of every inline policy of a role. */
export function roleStatements(config: ServerlessConfig, logicalId: string): Statement[] {
  const role = resourceOfType(config, logicalId, roleSchema);
  return role.Properties.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

export function roleLogicalIds(config: ServerlessConfig): string[] {
  return Object.entries(config.resources.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::IAM::Role')
    .map(([logicalId]) => logicalId);
}

/** The log group osls creates for a function: `slack` → `SlackLogGroup`. */
export function logGroupLogicalId(functionName: string): string {
  return `${functionName.charAt(0).toUpperCase()}${functionName.slice(1)}LogGroup`;
}

// ---------------------------------------------------------------------------------------------
// Resolving a function's environment as Lambda would see it, with stand-in values for what only
// CloudFormation knows (names, URLs, ARNs). Unknown forms throw, so a new construct in
// serverless.yml makes the test fail until it is understood here.

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

export interface ResolveOptions {
  stage: string;
  /** `--param` values given on the command line; the rest fall back to `params.default`. */
  params?: Record<string, string>;
}

function resolveString(config: ServerlessConfig, text: string, options: ResolveOptions): string {
  return text.replace(/\$\{([^}]+)\}/g, (_match, expression: string) => {
    const [source, address] = expression.split(/:(.*)/s, 2);
    if (source === 'sls' && address === 'stage') return options.stage;
    if (source === 'param' && address !== undefined) {
      const value = options.params?.[address] ?? config.params.default[address];
      if (value === undefined) throw new Error(`serverless.yml uses \${param:${address}} without a default`);
      return value;
    }
    if (source === 'self' && address?.startsWith('custom.')) {
      const value = config.custom[address.slice('custom.'.length)];
      if (value === undefined)
        throw new Error(`serverless.yml uses \${self:${address}}, which is not declared`);
      return resolveString(config, value, options);
    }
    throw new Error(`the deploy tests cannot resolve \${${expression}}`);
  });
}

function standInFor(config: ServerlessConfig, logicalId: string): string {
  const resource = config.resources.Resources[logicalId];
  switch (resource?.Type) {
    case 'AWS::DynamoDB::Table':
      return `tune-test-${logicalId}-1A2B3C`;
    case 'AWS::S3::Bucket':
      return `tune-test-${logicalId.toLowerCase()}-1a2b3c`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/tune-test-${logicalId}-1A2B3C`;
    default:
      throw new Error(`the deploy tests have no stand-in for a Ref to ${logicalId} (${resource?.Type})`);
  }
}

const NO_VALUE = Symbol('AWS::NoValue');

function evaluate(config: ServerlessConfig, value: unknown, options: ResolveOptions): unknown {
  if (typeof value === 'string') return resolveString(config, value, options);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`the deploy tests cannot resolve ${JSON.stringify(value)}`);
  }
  const [[intrinsic, argument] = []] = Object.entries(value);
  if (intrinsic === 'Ref' && argument === 'AWS::NoValue') return NO_VALUE;
  if (intrinsic === 'Ref' && typeof argument === 'string') return standInFor(config, argument);
  if (intrinsic === 'Fn::GetAtt') {
    const [logicalId, attribute] = z.tuple([z.string(), z.string()]).parse(argument);
    const type = config.resources.Resources[logicalId]?.Type;
    if (type === 'AWS::IAM::Role' && attribute === 'Arn')
      return `arn:aws:iam::${ACCOUNT}:role/tune-test-${logicalId}`;
    throw new Error(`the deploy tests have no stand-in for ${logicalId}.${attribute}`);
  }
  if (intrinsic === 'Fn::If') {
    const [condition, whenTrue, whenFalse] = z.tuple([z.string(), z.unknown(), z.unknown()]).parse(argument);
    const definition = config.resources.Conditions[condition];
    if (definition === undefined) throw new Error(`serverless.yml uses an undeclared condition ${condition}`);
    return evaluate(config, isTrue(config, definition, options) ? whenTrue : whenFalse, options);
  }
  throw new Error(`the deploy tests cannot resolve ${JSON.stringify(value)}`);
}

function isTrue(config: ServerlessConfig, condition: unknown, options: ResolveOptions): boolean {
  const parsed = z
    .union([
      z.object({ 'Fn::Not': z.tuple([z.unknown()]) }),
      z.object({ 'Fn::Equals': z.tuple([z.unknown(), z.unknown()]) }),
    ])
    .parse(condition);
  if ('Fn::Not' in parsed) return !isTrue(config, parsed['Fn::Not'][0], options);
  const [left, right] = parsed['Fn::Equals'];
  return evaluate(config, left, options) === evaluate(config, right, options);
}

/** Whether a condition of `resources.Conditions` holds when deployed with these options. */
export function conditionHolds(config: ServerlessConfig, name: string, options: ResolveOptions): boolean {
  const definition = config.resources.Conditions[name];
  if (definition === undefined) throw new Error(`serverless.yml declares no condition ${name}`);
  return isTrue(config, definition, options);
}

/** The environment a function gets: the provider's, overlaid with its own. */
export function functionEnvironment(
  config: ServerlessConfig,
  functionName: string,
  options: ResolveOptions,
): Record<string, string> {
  const definition = config.functions[functionName];
  if (!definition) throw new Error(`serverless.yml declares no function ${functionName}`);
  const merged = { ...config.provider.environment, ...definition.environment };
  const environment: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged)) {
    const resolved = evaluate(config, value, options);
    if (resolved === NO_VALUE) continue;
    environment[name] = z.string().parse(resolved);
  }
  return environment;
}

/** The variable names a function gets, resolved or not (conditional ones included). */
export function functionEnvironmentNames(config: ServerlessConfig, functionName: string): string[] {
  const definition = config.functions[functionName];
  return Object.keys({ ...config.provider.environment, ...definition?.environment });
}
