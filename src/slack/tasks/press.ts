/** Runs a queued button press: the action id decides which handler does the work. */
import { ASK_ACTION } from '../blocks/answer.js';
import { EVALUATE_ACTION } from '../blocks/evaluation-offer.js';
import { ACTION } from '../blocks/proposal.js';
import type { TaskOf } from '../tasks.js';
import type { WorkerDependencies } from '../worker-dependencies.js';
import { pressDeployCancel } from './presses/deploy-cancel.js';
import { pressDeployConfirm } from './presses/deploy-confirm.js';
import { pressEndpointKeep } from './presses/endpoint-keep.js';
import { pressEvaluate } from './presses/evaluate.js';
import { pressModelAsk } from './presses/model-ask.js';
import { pressModelDelete } from './presses/model-delete.js';
import { pressModelDeploy } from './presses/model-deploy.js';
import { pressStartCancel } from './presses/start-cancel.js';
import { pressStartConfirm } from './presses/start-confirm.js';
import { pressStopConfirm } from './presses/stop-confirm.js';

const HANDLERS: Record<string, (press: TaskOf<'press'>, dependencies: WorkerDependencies) => Promise<void>> =
  {
    [ACTION.startConfirm]: pressStartConfirm,
    [ACTION.startCancel]: pressStartCancel,
    [ACTION.stopConfirm]: pressStopConfirm,
    [ACTION.jobStop]: pressStopConfirm,
    [EVALUATE_ACTION]: pressEvaluate,
    [ACTION.modelDeploy]: pressModelDeploy,
    [ACTION.deployConfirm]: pressDeployConfirm,
    [ACTION.deployCancel]: pressDeployCancel,
    [ACTION.endpointKeep]: pressEndpointKeep,
    [ACTION.modelDelete]: pressModelDelete,
    [ASK_ACTION]: pressModelAsk,
  };

export async function runPress(task: TaskOf<'press'>, dependencies: WorkerDependencies): Promise<void> {
  const handler = HANDLERS[task.action];
  if (!handler) {
    dependencies.logger.warn('dropped a press of a button tune does not know', { action: task.action });
    return;
  }
  await handler(task, dependencies);
}
