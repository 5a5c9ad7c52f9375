/**
 * The Slack side of asking with fakes for every port: which model a mention asks, what is said
 * privately, what is written by /tune use and /tune share, the Ask button, and the App Home's
 * private channels. The local-stack tests (test/integration/slack/asking.test.ts) drive the same
 * paths through the real clients.
 */
import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { Asker } from '../../../src/core/asking/index.js';
import { catalogOffers } from '../../../src/core/catalog/index.js';
import { ThrottledError } from '../../../src/core/errors.js';
import type { Job } from '../../../src/core/jobs/job.js';
import type { CustomModelRecord, ServingTarget } from '../../../src/core/ports.js';
import { SlackFiles } from '../../../src/slack/files.js';
import type { Task } from '../../../src/slack/tasks.js';
import { runTask } from '../../../src/slack/worker.js';
import type { WorkerDependencies } from '../../../src/slack/worker-dependencies.js';
import { InMemoryChannelSettingsStore, ScriptedThreads } from '../../fakes/channels.js';
import { FixedClock } from '../../fakes/clock.js';
import {
  customModel,
  InMemoryCustomModelStore,
  InMemoryServingDirectory,
} from '../../fakes/custom-models.js';
import { ScriptedCustomizer } from '../../fakes/customizer.js';
import { FakeEvaluationServing } from '../../fakes/evaluation-serving.js';
import { RecordingLogger } from '../../fakes/logger.js';
import { ScriptedModelRuntime } from '../../fakes/model-runtime.js';
import { type Notification, RecordingNotifier } from '../../fakes/notifier.js';
import { InMemoryDeployProposalStore, InMemoryEndpointStore } from '../../fakes/serving.js';
import {
  InMemoryDatasetIndex,
  InMemoryDatasetStore,
  InMemoryEvaluationResultsStore,
  InMemoryIdempotencyStore,
  InMemoryJobStore,
  InMemoryProposalStore,
  InMemoryUploadStore,
  RecordingQueue,
} from '../../fakes/stores.js';
import { inProgressJob } from '../core/jobs-fixture.js';

const TEAM = 'T0TUNE';
const HOME = 'C0MLEXPERIMENTS';
const OTHER = 'C0GENERAL';
const SECRET = 'C0SECRET';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const DEPLOYMENT = 'arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/support';
/** A run with time to spare, not the queue's last delivery. */
const ATTEMPT = { lastAttempt: false, deadline: new Date('2099-01-01T00:00:00.000Z') };
const SERVED: ServingTarget = { invokeId: DEPLOYMENT, path: 'on-demand', endpointId: 'dep-1' };

function world(options: { served?: boolean } = {}) {
  const clock = new FixedClock();
  const notifier = new RecordingNotifier();
  const models = new InMemoryCustomModelStore();
  const serving = new InMemoryServingDirectory();
  const runtime = new ScriptedModelRuntime().answer(DEPLOYMENT, () => 'In the blue drawer.');
  const threads = new ScriptedThreads();
  const jobs = new InMemoryJobStore();
  const channelSettings = new InMemoryChannelSettingsStore();
  const privateChannels = new Set([SECRET]);
  const model = customModel();
  void models.put(model);
  if (options.served ?? true) serving.serve(model.modelId, SERVED);
  const dependencies: WorkerDependencies = {
    notifier,
    files: new SlackFiles({
      client: new WebClient('xoxb-unused', { slackApiUrl: 'http://127.0.0.1:9/api/' }),
      botToken: 'xoxb-unused',
      allowedOrigins: [],
      maxBytes: 0,
    }),
    datasets: new InMemoryDatasetIndex(),
    jobs,
    proposals: new InMemoryProposalStore(),
    idempotency: new InMemoryIdempotencyStore(clock),
    customizer: new ScriptedCustomizer(),
    datasetStore: new InMemoryDatasetStore(),
    uploads: new InMemoryUploadStore(),
    directory: {
      usergroupMembers: async () => [],
      channelIsPrivate: async (channelId) => privateChannels.has(channelId),
    },
    authorization: { users: [ALICE], usergroup: undefined, channels: [] },
    formKey: 'form-key',
    offers: async () => catalogOffers({ region: 'us-east-1' }),
    bedrockRoleArn: 'arn:aws:iam::111122223333:role/bedrock',
    asking: {
      models,
      asker: new Asker(
        { models, serving, runtime, clock },
        { retry: { maxAttempts: 2, baseMs: 1, capMs: 1 } },
      ),
    },
    channelSettings,
    threads,
    customModels: models,
    endpoints: new InMemoryEndpointStore(),
    deployProposals: new InMemoryDeployProposalStore(),
    serving: { region: 'us-east-1', idleTtlMinutes: 120, maxEndpointHoursPerDay: 8 },
    queue: new RecordingQueue<Task>(),
    runtime,
    evaluationResults: new InMemoryEvaluationResultsStore(),
    evaluationServing: new FakeEvaluationServing(),
    clock,
    logger: new RecordingLogger(),
  };
  return {
    dependencies,
    notifier,
    models,
    serving,
    runtime,
    threads,
    jobs,
    channelSettings,
    privateChannels,
    model,
  };
}

function mention(text: string, overrides: Partial<Task & { kind: 'mention' }> = {}): Task {
  return {
    kind: 'mention',
    teamId: TEAM,
    channelId: HOME,
    userId: ALICE,
    text,
    ts: '1700000100.000100',
    ...overrides,
  };
}

function command(text: string, overrides: { channelId?: string; userId?: string } = {}): Task {
  return {
    kind: 'command',
    teamId: TEAM,
    channelId: overrides.channelId ?? HOME,
    userId: overrides.userId ?? ALICE,
    text,
    responseUrl: 'https://hooks.slack.test/response',
    triggerId: 'trigger',
  };
}

function texts(sent: readonly Notification[], kind: Notification['kind']): string[] {
  return sent
    .filter((item) => item.kind === kind)
    .map((item) => ('message' in item ? item.message.text : ''));
}

const lastUpdate = (notifier: RecordingNotifier) =>
  [...notifier.sent].reverse().find((item) => item.kind === 'update');

describe('a mention of @tune', () => {
  it('with help, or nothing else, shows the commands in the thread', async () => {
    const { dependencies, notifier, runtime } = world();
    await runTask(mention('<@U0TUNE> help'), dependencies, ATTEMPT);
    await runTask(mention('<@U0TUNE>  --compare'), dependencies, ATTEMPT);
    expect(
      texts(notifier.sent, 'post').every(
        (text) => text.startsWith('Start here: share a dataset.') && text.includes('tune commands:'),
      ),
    ).toBe(true);
    expect(runtime.calls).toEqual([]);
  });

  it('outside any model thread and without a channel model, says which ways there are to ask', async () => {
    const { dependencies, notifier, runtime } = world();
    await runTask(mention('<@U0TUNE> where is the key?'), dependencies, ATTEMPT);
    expect(texts(notifier.sent, 'post')).toEqual([expect.stringContaining('Which model should answer?')]);
    expect(JSON.stringify(notifier.sent)).not.toMatch(/can't answer/);
    expect(runtime.calls).toEqual([]);
  });

  it("asks the channel's model, set with /tune use, and answers in the mention's thread", async () => {
    // Prepare
    const { dependencies, notifier, runtime } = world();
    await runTask(command('use support-bot'), dependencies, ATTEMPT);

    // Act
    await runTask(mention('<@U0TUNE> where is the key?'), dependencies, ATTEMPT);

    // Assess
    const posted = notifier.sent.find((item) => item.kind === 'post');
    expect(posted).toMatchObject({ channelId: HOME, threadTs: '1700000100.000100' });
    expect(lastUpdate(notifier)).toMatchObject({ message: { text: 'In the blue drawer.' } });
    expect(runtime.calls[0]?.request.prompt).toBe('where is the key?');
  });

  it("in a job card's thread, asks the job's model with the thread's earlier turns", async () => {
    // Prepare: the completed job whose id names the model, its card, and an earlier answer.
    const { dependencies, jobs, threads, runtime } = world();
    const job = inProgressJob({
      jobId: 'job0000support',
      place: { teamId: TEAM, channelId: HOME, userId: ALICE, messageTs: '1700000000.000001' },
    });
    await jobs.create({ ...job, status: 'Completed', endedAt: '2026-11-26T12:00:00Z' } as Job);
    threads.write(HOME, '1700000000.000001', [
      { ts: '1700000000.000001', userId: 'U0TUNE', botId: 'B0TUNE', text: 'Job card' },
      { ts: '1700000050.000001', userId: ALICE, text: '<@U0TUNE> where do keys go?' },
      {
        ts: '1700000051.000001',
        userId: 'U0TUNE',
        botId: 'B0TUNE',
        text: 'On the hook.',
        metadata: {
          eventType: 'tune_answer',
          payload: { model_id: 'job0000support', question_ts: '1700000050.000001', state: 'answered' },
        },
      },
    ]);

    // Act
    await runTask(
      mention('<@U0TUNE> and the spare one?', { threadTs: '1700000000.000001' }),
      dependencies,
      ATTEMPT,
    );

    // Assess
    expect(runtime.calls[0]?.request).toMatchObject({
      modelId: DEPLOYMENT,
      prompt: 'and the spare one?',
      history: [
        { role: 'user', text: 'where do keys go?' },
        { role: 'assistant', text: 'On the hook.' },
      ],
    });
  });

  it("in a running job's thread, says the job has no model yet", async () => {
    const { dependencies, jobs, notifier, runtime } = world();
    await jobs.create(
      inProgressJob({
        jobId: 'j-running',
        place: { teamId: TEAM, channelId: HOME, userId: ALICE, messageTs: '9.9' },
      }),
    );
    await runTask(mention('<@U0TUNE> hi there', { threadTs: '9.9' }), dependencies, ATTEMPT);
    expect(texts(notifier.sent, 'post')).toEqual([expect.stringContaining('it is InProgress')]);
    expect(runtime.calls).toEqual([]);
  });

  it('in another channel, explains privately why the model does not answer there, and invokes nothing', async () => {
    // Prepare: a thread of channel #general whose answers came from a model of #ml-experiments
    // (shared then, unshared since).
    const { dependencies, threads, notifier, runtime, serving } = world();
    threads.write(OTHER, '5.5', [
      { ts: '5.5', text: 'q' },
      {
        ts: '5.6',
        text: 'a',
        metadata: {
          eventType: 'tune_answer',
          payload: { model_id: 'job0000support', question_ts: '5.5', state: 'answered' },
        },
      },
    ]);

    // Act
    await runTask(
      mention('<@U0TUNE> again?', { channelId: OTHER, userId: BOB, threadTs: '5.5' }),
      dependencies,
      ATTEMPT,
    );

    // Assess
    expect(notifier.sent).toEqual([
      expect.objectContaining({ kind: 'ephemeral', channelId: OTHER, userId: BOB, threadTs: '5.5' }),
    ]);
    expect(texts(notifier.sent, 'ephemeral')[0]).toContain("trained on another channel's data");
    expect(runtime.calls).toEqual([]);
    expect(serving.lookups).toEqual([]);
  });

  it('offers what serving the model would cost when nothing serves it', async () => {
    const { dependencies, notifier, channelSettings, runtime } = world({ served: false });
    await channelSettings.put({
      teamId: TEAM,
      channelId: HOME,
      defaultModelId: 'job0000support',
      updatedBy: ALICE,
      updatedAt: 'x',
    });
    await runTask(mention('<@U0TUNE> where?'), dependencies, ATTEMPT);
    expect(texts(notifier.sent, 'post')).toEqual([
      expect.stringContaining('Nothing serves support-bot right now'),
    ]);
    expect(runtime.calls).toEqual([]);
  });
});

describe('/tune ask', () => {
  it('posts the question in the channel and answers it in its thread', async () => {
    const { dependencies, notifier } = world();

    await runTask(command(`ask support-bot What's the "spare" key for? --compare`), dependencies, ATTEMPT);

    const [question, placeholder] = notifier.sent;
    expect(question).toMatchObject({
      kind: 'post',
      channelId: HOME,
      message: { metadata: { eventType: 'tune_question' } },
    });
    expect(question && 'message' in question && question.message.metadata?.payload.question).toBe(
      `What's the "spare" key for?`,
    );
    expect(placeholder).toMatchObject({
      kind: 'post',
      threadTs: question && 'ts' in question ? question.ts : '',
    });
    expect(notifier.sent.at(-1)).toMatchObject({
      kind: 'respond',
      message: { text: 'support-bot answered in the thread of your question.' },
    });
  });

  it('shows why in the thread when Bedrock keeps throttling, and says the model could not answer', async () => {
    const { dependencies, notifier, runtime } = world();
    runtime.answer(
      DEPLOYMENT,
      () => new ThrottledError('Too many requests, please wait before trying again.'),
    );

    await runTask(command('ask support-bot Where is it?'), dependencies, ATTEMPT);

    expect(lastUpdate(notifier)).toMatchObject({
      message: {
        text: expect.stringContaining('Bedrock kept throttling support-bot'),
        metadata: { payload: { state: 'failed' } },
      },
    });
    expect(texts(notifier.sent, 'respond')).toEqual([
      'support-bot could not answer: the thread of your question says why.',
    ]);
  });

  it('answers privately, posting nothing, for a model of another channel', async () => {
    const { dependencies, notifier, runtime } = world();
    await runTask(
      command('ask job0000support where?', { channelId: OTHER, userId: BOB }),
      dependencies,
      ATTEMPT,
    );
    expect(notifier.sent.map((item) => item.kind)).toEqual(['respond']);
    expect(texts(notifier.sent, 'respond')[0]).toContain("trained on another channel's data");
    expect(runtime.calls).toEqual([]);
  });

  it('says how to ask when the question is missing', async () => {
    const { dependencies, notifier } = world();
    await runTask(command('ask support-bot'), dependencies, ATTEMPT);
    expect(texts(notifier.sent, 'respond')[0]).toContain('Name the model and ask');
  });
});

describe('/tune use', () => {
  it('sets, shows and clears the channel model, and refuses a model that does not answer here', async () => {
    const { dependencies, notifier, channelSettings } = world();

    await runTask(command('use support-bot'), dependencies, ATTEMPT);
    const set = (await channelSettings.get(TEAM, HOME))?.defaultModelId;
    await runTask(command('use'), dependencies, ATTEMPT);
    await runTask(command('use job0000support', { channelId: OTHER }), dependencies, ATTEMPT);
    await runTask(command('use --clear'), dependencies, ATTEMPT);

    expect(set).toBe('job0000support');
    const replies = texts(notifier.sent, 'respond');
    expect(replies[0]).toContain("set *support-bot* as this channel's model");
    expect(replies[1]).toContain('Mentions of @tune here ask *support-bot*');
    expect(replies[2]).toContain("trained on another channel's data");
    expect(await channelSettings.get(TEAM, OTHER)).toBeUndefined();
    expect((await channelSettings.get(TEAM, HOME))?.defaultModelId).toBeUndefined();
  });
});

describe('/tune share', () => {
  it('lets an authorized person of the model channel share it, written on the record, and take it back', async () => {
    const { dependencies, models, notifier } = world();

    await runTask(command(`share support-bot <#${OTHER}|general>`), dependencies, ATTEMPT);
    const shared = (await models.get('job0000support'))?.sharedWith;
    await runTask(command(`share support-bot <#${OTHER}|general> --remove`), dependencies, ATTEMPT);

    expect(shared).toEqual([OTHER]);
    expect((await models.get('job0000support'))?.sharedWith).toEqual([]);
    expect(texts(notifier.sent, 'respond')[0]).toContain(
      `shared *support-bot* (\`job0000support\`) with <#${OTHER}>`,
    );
  });

  it('refuses someone not allowed to spend money, another channel, a private channel, and a channel not picked with #', async () => {
    // Prepare
    const { dependencies, models, notifier } = world();
    const secret: CustomModelRecord = customModel({
      modelId: 'job1111secret',
      name: 'secret-bot',
      channelId: SECRET,
    });
    await models.put(secret);
    const before = models.puts.length;

    // Act
    await runTask(command(`share support-bot <#${OTHER}|general>`, { userId: BOB }), dependencies, ATTEMPT);
    await runTask(command(`share job0000support <#${SECRET}>`, { channelId: OTHER }), dependencies, ATTEMPT);
    await runTask(
      command(`share secret-bot <#${OTHER}|general>`, { channelId: SECRET }),
      dependencies,
      ATTEMPT,
    );
    await runTask(command('share support-bot #general'), dependencies, ATTEMPT);

    // Assess
    const replies = texts(notifier.sent, 'respond');
    expect(replies[0]).toContain('Only the people your workspace admin allowed can share a model');
    expect(replies[1]).toContain('only that channel can share it');
    expect(replies[2]).toContain("private channel's data stays in it");
    expect(replies[3]).toContain('picking the channel with #');
    expect(models.puts.length).toBe(before);
  });
});

describe('the Ask button on a model card', () => {
  function press(value: string, channelId = HOME): Task {
    return {
      kind: 'press',
      action: 'model_ask',
      teamId: TEAM,
      channelId,
      userId: BOB,
      value,
      actionTs: '1.0',
      responseUrl: 'https://hooks.slack.test/press',
    };
  }

  it('tells the person privately how to ask the model here', async () => {
    const { dependencies, notifier, runtime } = world();
    await runTask(press('job0000support'), dependencies, ATTEMPT);
    expect(texts(notifier.sent, 'respond')[0]).toContain('/tune ask job0000support <question>');
    expect(runtime.calls).toEqual([]);
  });

  it('refuses a card copied into another channel, and offers serving when nothing serves the model', async () => {
    const { dependencies, notifier, serving } = world();
    await runTask(press('job0000support', OTHER), dependencies, ATTEMPT);
    serving.stop('job0000support');
    await runTask(press('job0000support'), dependencies, ATTEMPT);
    const replies = texts(notifier.sent, 'respond');
    expect(replies[0]).toContain("trained on another channel's data");
    expect(replies[1]).toContain('Nothing serves support-bot right now');
  });
});

describe('the App Home', () => {
  it('leaves out the jobs of private channels, saying how many', async () => {
    // Prepare
    const { dependencies, jobs, notifier } = world();
    await jobs.create(
      inProgressJob({
        jobId: 'j-public',
        customModelName: 'public-bot',
        place: { teamId: TEAM, channelId: HOME, userId: ALICE },
      }),
    );
    await jobs.create(
      inProgressJob({
        jobId: 'j-secret',
        customModelName: 'secret-bot',
        place: { teamId: TEAM, channelId: SECRET, userId: ALICE },
      }),
    );

    // Act
    await runTask({ kind: 'home', teamId: TEAM, userId: ALICE }, dependencies, ATTEMPT);

    // Assess
    const view = JSON.stringify(notifier.sent.find((item) => item.kind === 'home'));
    expect(view).toContain('public-bot');
    expect(view).not.toContain('secret-bot');
    expect(view).not.toContain(SECRET);
    expect(view).toContain('1 of your jobs is in private channels');
  });
});
