export { type AskPlace, answersIn, findModel, refusalText } from './access.js';
export {
  ASK_DEFAULTS,
  Asker,
  type AskingDependencies,
  type AskResult,
  type AskSettings,
  type ModelAnswer,
  type Preparation,
  type Question,
  type Ready,
} from './ask.js';
export {
  type ApiUsed,
  type CallResult,
  callModel,
  type GenerationSettings,
  invokeFamilyOf,
  type ModelCall,
  RefusalMemory,
} from './calls.js';
export {
  alternatingTurns,
  contextWindowOf,
  continuationPrompt,
  estimateInputTokens,
  type FittedConversation,
  fitConversation,
  type PromptShape,
  promptShapeFor,
  singlePrompt,
} from './conversation.js';
export {
  type AnswerCost,
  answerCost,
  costSummary,
  deployOfferText,
  formatPrice,
  priceSource,
} from './cost.js';
