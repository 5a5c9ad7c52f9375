/**
 * Block Kit limits Slack enforces, checked the way Slack reports them (`[ERROR] … [json-pointer:…]`
 * lines in `response_metadata.messages`), so a bot that passes its tests against the sandbox does not
 * then fail in a real workspace with `invalid_blocks` or `invalid_arguments`. Limits from
 * https://api.slack.com/reference/block-kit (blocks, block elements, composition objects, views).
 */
import { randomBytes } from 'node:crypto';

export const MESSAGE_BLOCK_LIMIT = 50;
export const VIEW_BLOCK_LIMIT = 100;
export const VIEW_LABEL_LIMIT = 24;

const MESSAGE_BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'rich_text',
  'input',
  'file',
  'video',
  'markdown',
  'table',
]);
const VIEW_BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'rich_text',
  'input',
  'video',
  'markdown',
]);

const INTERACTIVE_ELEMENT_TYPES = new Set([
  'button',
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'radio_buttons',
  'checkboxes',
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'rich_text_input',
  'file_input',
  'workflow_button',
]);

type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Problems {
  readonly list: string[] = [];
  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
}

function checkLength(
  problems: Problems,
  pointer: string,
  value: unknown,
  max: number,
  required: boolean,
): void {
  if (value === undefined || value === null) {
    if (required) problems.add(pointer, 'missing required field');
    return;
  }
  if (typeof value !== 'string') {
    problems.add(pointer, 'must be a string');
    return;
  }
  if (required && value.length === 0) problems.add(pointer, 'must be more than 0 characters');
  if (value.length > max) problems.add(pointer, `must be less than ${max + 1} characters`);
}

function checkText(
  problems: Problems,
  pointer: string,
  value: unknown,
  options: { max: number; plainOnly?: boolean; required?: boolean },
): void {
  if (value === undefined) {
    if (options.required !== false) problems.add(pointer, 'missing required field');
    return;
  }
  if (!isRecord(value)) {
    problems.add(pointer, 'must be a text object');
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    problems.add(`${pointer}/type`, 'must be one of plain_text, mrkdwn');
  } else if (options.plainOnly && value.type !== 'plain_text') {
    problems.add(`${pointer}/type`, 'must be plain_text');
  }
  checkLength(problems, `${pointer}/text`, value.text, options.max, true);
}

function checkOption(problems: Problems, pointer: string, option: unknown): void {
  if (!isRecord(option)) {
    problems.add(pointer, 'must be an option object');
    return;
  }
  checkText(problems, `${pointer}/text`, option.text, { max: 75 });
  checkLength(problems, `${pointer}/value`, option.value, 150, true);
}

function checkOptions(problems: Problems, pointer: string, options: unknown, min: number, max: number): void {
  if (!Array.isArray(options)) {
    problems.add(pointer, 'must be an array');
    return;
  }
  if (options.length < min) problems.add(pointer, `must provide at least ${min} items`);
  if (options.length > max) problems.add(pointer, `no more than ${max} items allowed`);
  options.forEach((option, index) => {
    checkOption(problems, `${pointer}/${index}`, option);
  });
}

function checkConfirm(problems: Problems, pointer: string, confirm: unknown): void {
  if (confirm === undefined) return;
  if (!isRecord(confirm)) {
    problems.add(pointer, 'must be a confirmation dialog object');
    return;
  }
  checkText(problems, `${pointer}/title`, confirm.title, { max: 100, plainOnly: true });
  checkText(problems, `${pointer}/text`, confirm.text, { max: 300 });
  checkText(problems, `${pointer}/confirm`, confirm.confirm, { max: 30, plainOnly: true });
  checkText(problems, `${pointer}/deny`, confirm.deny, { max: 30, plainOnly: true });
}

function checkElement(problems: Problems, pointer: string, element: unknown, allowImage: boolean): void {
  if (!isRecord(element)) {
    problems.add(pointer, 'must be an element object');
    return;
  }
  const type = element.type;
  if (type === 'image' && allowImage) {
    checkLength(problems, `${pointer}/alt_text`, element.alt_text, 2000, true);
    if (element.image_url === undefined && element.slack_file === undefined) {
      problems.add(`${pointer}/image_url`, 'missing required field');
    }
    return;
  }
  if (typeof type !== 'string' || !INTERACTIVE_ELEMENT_TYPES.has(type)) {
    problems.add(`${pointer}/type`, `unsupported type: ${String(type)}`);
    return;
  }
  checkLength(problems, `${pointer}/action_id`, element.action_id, 255, false);
  checkConfirm(problems, `${pointer}/confirm`, element.confirm);
  switch (type) {
    case 'button':
      checkText(problems, `${pointer}/text`, element.text, { max: 75, plainOnly: true });
      checkLength(problems, `${pointer}/value`, element.value, 2000, false);
      checkLength(problems, `${pointer}/url`, element.url, 3000, false);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') {
        problems.add(`${pointer}/style`, 'must be one of primary, danger');
      }
      break;
    case 'static_select':
    case 'multi_static_select':
      checkText(problems, `${pointer}/placeholder`, element.placeholder, {
        max: 150,
        plainOnly: true,
        required: false,
      });
      if (element.option_groups !== undefined) {
        if (!Array.isArray(element.option_groups))
          problems.add(`${pointer}/option_groups`, 'must be an array');
        else
          element.option_groups.forEach((group, index) => {
            const groupPointer = `${pointer}/option_groups/${index}`;
            if (!isRecord(group)) problems.add(groupPointer, 'must be an option group object');
            else checkOptions(problems, `${groupPointer}/options`, group.options, 1, 100);
          });
      } else {
        checkOptions(problems, `${pointer}/options`, element.options, 1, 100);
      }
      break;
    case 'overflow':
      checkOptions(problems, `${pointer}/options`, element.options, 1, 5);
      break;
    case 'radio_buttons':
    case 'checkboxes':
      checkOptions(problems, `${pointer}/options`, element.options, 1, 10);
      break;
    case 'plain_text_input':
      checkLength(problems, `${pointer}/initial_value`, element.initial_value, 3000, false);
      if (typeof element.max_length === 'number' && element.max_length > 3000) {
        problems.add(`${pointer}/max_length`, 'must be at most 3000');
      }
      break;
    case 'number_input':
      if (typeof element.is_decimal_allowed !== 'boolean') {
        problems.add(`${pointer}/is_decimal_allowed`, 'missing required field');
      }
      break;
    default:
      break;
  }
}

function checkBlock(
  problems: Problems,
  pointer: string,
  block: unknown,
  allowedTypes: Set<string>,
  blockIds: Set<string>,
): void {
  if (!isRecord(block)) {
    problems.add(pointer, 'must be a block object');
    return;
  }
  const type = block.type;
  if (typeof type !== 'string' || !allowedTypes.has(type)) {
    problems.add(`${pointer}/type`, `unsupported type: ${String(type)}`);
    return;
  }
  if (block.block_id !== undefined) {
    checkLength(problems, `${pointer}/block_id`, block.block_id, 255, true);
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id))
        problems.add(`${pointer}/block_id`, `duplicate block_id: ${block.block_id}`);
      blockIds.add(block.block_id);
    }
  }
  switch (type) {
    case 'section':
      if (block.text === undefined && block.fields === undefined) {
        problems.add(pointer, 'must provide text or fields');
      }
      if (block.text !== undefined) checkText(problems, `${pointer}/text`, block.text, { max: 3000 });
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) problems.add(`${pointer}/fields`, 'must be an array');
        else {
          if (block.fields.length > 10) problems.add(`${pointer}/fields`, 'no more than 10 items allowed');
          block.fields.forEach((field, index) => {
            checkText(problems, `${pointer}/fields/${index}`, field, { max: 2000 });
          });
        }
      }
      if (block.accessory !== undefined)
        checkElement(problems, `${pointer}/accessory`, block.accessory, true);
      break;
    case 'header':
      checkText(problems, `${pointer}/text`, block.text, { max: 150, plainOnly: true });
      break;
    case 'context':
      if (!Array.isArray(block.elements)) problems.add(`${pointer}/elements`, 'must be an array');
      else {
        if (block.elements.length === 0) problems.add(`${pointer}/elements`, 'must provide at least 1 items');
        if (block.elements.length > 10) problems.add(`${pointer}/elements`, 'no more than 10 items allowed');
        block.elements.forEach((element, index) => {
          const elementPointer = `${pointer}/elements/${index}`;
          if (isRecord(element) && element.type === 'image')
            checkElement(problems, elementPointer, element, true);
          else checkText(problems, elementPointer, element, { max: 3000 });
        });
      }
      break;
    case 'actions':
      if (!Array.isArray(block.elements)) problems.add(`${pointer}/elements`, 'must be an array');
      else {
        if (block.elements.length === 0) problems.add(`${pointer}/elements`, 'must provide at least 1 items');
        if (block.elements.length > 25) problems.add(`${pointer}/elements`, 'no more than 25 items allowed');
        block.elements.forEach((element, index) => {
          checkElement(problems, `${pointer}/elements/${index}`, element, false);
        });
      }
      break;
    case 'image':
      checkLength(problems, `${pointer}/alt_text`, block.alt_text, 2000, true);
      if (block.image_url === undefined && block.slack_file === undefined) {
        problems.add(`${pointer}/image_url`, 'missing required field');
      }
      if (block.title !== undefined)
        checkText(problems, `${pointer}/title`, block.title, { max: 2000, plainOnly: true });
      break;
    case 'input':
      checkText(problems, `${pointer}/label`, block.label, { max: 2000, plainOnly: true });
      if (block.hint !== undefined)
        checkText(problems, `${pointer}/hint`, block.hint, { max: 2000, plainOnly: true });
      if (block.element === undefined) problems.add(`${pointer}/element`, 'missing required field');
      else checkElement(problems, `${pointer}/element`, block.element, false);
      break;
    case 'rich_text':
      if (!Array.isArray(block.elements)) problems.add(`${pointer}/elements`, 'must be an array');
      break;
    default:
      break;
  }
}

function checkBlockList(
  problems: Problems,
  pointer: string,
  blocks: unknown,
  limit: number,
  allowedTypes: Set<string>,
): void {
  if (!Array.isArray(blocks)) {
    problems.add(pointer, 'must be an array');
    return;
  }
  if (blocks.length > limit) problems.add(pointer, `no more than ${limit} items allowed`);
  const blockIds = new Set<string>();
  blocks.forEach((block, index) => {
    checkBlock(problems, `${pointer}/${index}`, block, allowedTypes, blockIds);
  });
}

/** Problems with a message's `blocks`; empty when Slack would accept them. */
export function checkMessageBlocks(blocks: unknown): string[] {
  const problems = new Problems();
  checkBlockList(problems, '/blocks', blocks, MESSAGE_BLOCK_LIMIT, MESSAGE_BLOCK_TYPES);
  return problems.list;
}

/** Problems with a view payload for views.open/push/update (`modal`) or views.publish (`home`). */
export function checkView(view: unknown, expectedType: 'modal' | 'home'): string[] {
  const problems = new Problems();
  if (!isRecord(view)) {
    problems.add('/view', 'must be a view object');
    return problems.list;
  }
  if (view.type !== expectedType) {
    problems.add('/view/type', `must be ${expectedType}`);
    return problems.list;
  }
  if (expectedType === 'modal') {
    checkText(problems, '/view/title', view.title, { max: VIEW_LABEL_LIMIT, plainOnly: true });
    for (const field of ['submit', 'close'] as const) {
      if (view[field] !== undefined) {
        checkText(problems, `/view/${field}`, view[field], { max: VIEW_LABEL_LIMIT, plainOnly: true });
      }
    }
    const hasInput =
      Array.isArray(view.blocks) && view.blocks.some((block) => isRecord(block) && block.type === 'input');
    if (hasInput && view.submit === undefined) {
      problems.add('/view/submit', 'submit is required when an input block is within the blocks array');
    }
  }
  checkLength(problems, '/view/private_metadata', view.private_metadata, 3000, false);
  checkLength(problems, '/view/callback_id', view.callback_id, 255, false);
  checkLength(problems, '/view/external_id', view.external_id, 255, false);
  checkBlockList(problems, '/view/blocks', view.blocks, VIEW_BLOCK_LIMIT, VIEW_BLOCK_TYPES);
  return problems.list;
}

function shortId(): string {
  return randomBytes(3).toString('base64url');
}

function withActionId(element: unknown): unknown {
  if (!isRecord(element) || element.type === 'image' || typeof element.type !== 'string') return element;
  if (!INTERACTIVE_ELEMENT_TYPES.has(element.type) || typeof element.action_id === 'string') return element;
  return { ...element, action_id: shortId() };
}

/**
 * Gives every block a `block_id` and every interactive element an `action_id`, as Slack does when it
 * stores blocks, so interactions and view state are keyed the way a bot will see them.
 */
export function normalizeBlocks(blocks: unknown[]): unknown[] {
  return blocks.map((block) => {
    if (!isRecord(block)) return block;
    const normalized: Record_ = { ...block };
    if (typeof normalized.block_id !== 'string') normalized.block_id = shortId();
    if (Array.isArray(normalized.elements) && normalized.type === 'actions') {
      normalized.elements = normalized.elements.map(withActionId);
    }
    if (normalized.accessory !== undefined) normalized.accessory = withActionId(normalized.accessory);
    if (normalized.element !== undefined) normalized.element = withActionId(normalized.element);
    return normalized;
  });
}
