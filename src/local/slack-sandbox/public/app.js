// The sandbox page: plain browser JavaScript, no build step. It renders the workspace from
// /ui/snapshot, follows changes over Server-Sent Events (/ui/events), and sends what the person does
// to /ui/* — the same functions the test driver calls.
(() => {
  const page = {
    snapshot: null,
    userId: localStorage.getItem('sandbox.user') || 'U0ALICE',
    place: { kind: 'channel', channelId: null },
    appTab: 'home',
    thread: null,
    highlightTs: null,
    showActivity: false,
    drafts: {},
    modalKey: null,
    dismissed: new Set(),
    seenNotices: new Set(),
    firstSnapshot: true,
    refreshing: false,
    refreshAgain: false,
  };

  const $ = (id) => document.getElementById(id);

  // ── small helpers ──────────────────────────────────────────────────────────────────────────

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'testid') node.dataset.testid = value;
      else if (key === 'html') node.innerHTML = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  /** Slack escapes only these three in message text. */
  function decodeEntities(text) {
    return String(text).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  function toast(text) {
    const node = element('div', { class: 'toast', testid: 'toast', role: 'status' }, text);
    $('toasts').append(node);
    setTimeout(() => node.remove(), 7000);
  }

  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const result = await response.json().catch(() => ({}));
    if (!response.ok) {
      toast(result.error || `The sandbox answered HTTP ${response.status}.`);
      return null;
    }
    return result;
  }

  function user(id) {
    return page.snapshot?.users.find((candidate) => candidate.id === id);
  }

  function usergroup(id) {
    return page.snapshot?.usergroups?.find((candidate) => candidate.id === id);
  }

  function channel(id) {
    return page.snapshot?.channels.find((candidate) => candidate.id === id);
  }

  function timeOf(ts) {
    const date = new Date(Number(ts) * 1000);
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function sizeOf(bytes) {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  const COLORS = ['#4a154b', '#1264a3', '#2eb67d', '#e01e5a', '#ecb22e', '#36c5f0', '#7c3085'];
  function colorFor(id) {
    let sum = 0;
    for (const character of String(id)) sum += character.charCodeAt(0);
    return COLORS[sum % COLORS.length];
  }

  // ── mrkdwn ─────────────────────────────────────────────────────────────────────────────────

  const EMOJI = {
    white_check_mark: '✅',
    heavy_check_mark: '✔️',
    x: '❌',
    warning: '⚠️',
    rocket: '🚀',
    hourglass: '⌛',
    hourglass_flowing_sand: '⏳',
    tada: '🎉',
    robot_face: '🤖',
    bar_chart: '📊',
    chart_with_upwards_trend: '📈',
    chart_with_downwards_trend: '📉',
    moneybag: '💰',
    money_with_wings: '💸',
    red_circle: '🔴',
    large_green_circle: '🟢',
    large_yellow_circle: '🟡',
    large_blue_circle: '🔵',
    white_circle: '⚪',
    information_source: 'ℹ️',
    mag: '🔍',
    page_facing_up: '📄',
    file_folder: '📁',
    gear: '⚙️',
    stopwatch: '⏱️',
    no_entry: '⛔',
    no_entry_sign: '🚫',
    thumbsup: '👍',
    '+1': '👍',
    eyes: '👀',
    sparkles: '✨',
    fire: '🔥',
    lock: '🔒',
    bulb: '💡',
    memo: '📝',
    wave: '👋',
    question: '❓',
    exclamation: '❗',
    arrows_counterclockwise: '🔄',
    zap: '⚡',
    brain: '🧠',
    dart: '🎯',
    inbox_tray: '📥',
    outbox_tray: '📤',
    package: '📦',
    wrench: '🔧',
    test_tube: '🧪',
    speech_balloon: '💬',
    rotating_light: '🚨',
    stop_sign: '🛑',
    pause_button: '⏸️',
    arrow_forward: '▶️',
    clipboard: '📋',
    calendar: '📅',
    trophy: '🏆',
    scales: '⚖️',
    books: '📚',
    link: '🔗',
    alarm_clock: '⏰',
    black_square_for_stop: '⏹️',
    cloud: '☁️',
    double_vertical_bar: '⏸️',
    floppy_disk: '💾',
    ok_hand: '👌',
    wastebasket: '🗑️',
    zzz: '💤',
  };

  function emojify(html) {
    return html.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] || whole);
  }

  function renderToken(inner) {
    const [target, label] = splitOnce(inner, '|');
    if (target.startsWith('@')) {
      const person = user(target.slice(1));
      return `<span class="mk-mention">@${escapeHtml(label || person?.name || target.slice(1))}</span>`;
    }
    if (target.startsWith('#')) {
      const place = channel(target.slice(1));
      return `<span class="mk-mention">#${escapeHtml(label || place?.name || target.slice(1))}</span>`;
    }
    if (target.startsWith('!')) {
      const special = target.slice(1);
      if (special === 'here' || special === 'channel' || special === 'everyone') {
        return `<span class="mk-mention mk-broadcast">@${special}</span>`;
      }
      if (special.startsWith('subteam^')) {
        // Slack shows a group mention by its handle (@tune-admins).
        const group = usergroup(special.slice('subteam^'.length));
        return `<span class="mk-mention">${escapeHtml(label || (group ? `@${group.handle}` : '@group'))}</span>`;
      }
      return escapeHtml(label || special);
    }
    const url = decodeEntities(target);
    const text = decodeEntities(label || target);
    if (/^(https?:|mailto:)/i.test(url)) {
      return `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(text)}</a>`;
    }
    return escapeHtml(text);
  }

  function splitOnce(text, separator) {
    const index = text.indexOf(separator);
    return index === -1 ? [text, ''] : [text.slice(0, index), text.slice(index + 1)];
  }

  /** Slack's mrkdwn to HTML; every piece of text is escaped before markup is added. */
  function mrkdwn(text) {
    const slots = [];
    const keep = (html) => {
      slots.push(html);
      return `\u0000${slots.length - 1}\u0000`;
    };
    let source = String(text ?? '');
    source = source.replace(/```([\s\S]*?)```/g, (_, code) =>
      keep(`<pre class="mk-pre">${escapeHtml(decodeEntities(code.replace(/^\n/, '')))}</pre>`),
    );
    source = source.replace(/`([^`\n]+)`/g, (_, code) =>
      keep(`<code class="mk-code">${escapeHtml(decodeEntities(code))}</code>`),
    );
    source = source.replace(/<([^<>\n]+)>/g, (_, inner) => keep(renderToken(inner)));
    let html = escapeHtml(decodeEntities(source));
    html = html
      .split('\n')
      .map((line) => {
        const bullet = /^(\s*)(?:•|-|\*)\s+(.*)$/.exec(line);
        if (bullet)
          return `<span class="mk-bullet" style="margin-left:${bullet[1].length * 8}px">• ${bullet[2]}</span>`;
        if (line.startsWith('&gt; ') || line === '&gt;')
          return `<span class="mk-quote">${line.replace(/^&gt; ?/, '')}</span>`;
        return line;
      })
      .join('\n');
    html = html
      .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<strong>$2</strong>')
      .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<em>$2</em>')
      .replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g, '$1<s>$2</s>');
    html = emojify(html).replace(/\n/g, '<br>');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL marks the placeholders set aside above.
    return html.replace(/\u0000(\d+)\u0000/g, (_, index) => slots[Number(index)]);
  }

  function textObject(object, testid) {
    if (!object) return null;
    if (object.type === 'mrkdwn')
      return element('div', { class: 'message-text', testid, html: mrkdwn(object.text) });
    const plain = object.emoji === false ? escapeHtml(object.text) : emojify(escapeHtml(object.text));
    return element('div', { class: 'message-text', testid, html: plain });
  }

  function plain(object) {
    return object && typeof object.text === 'string' ? object.text : '';
  }

  // ── Block Kit ──────────────────────────────────────────────────────────────────────────────

  /**
   * Where blocks sit decides what their elements do: in a message a button sends block_actions at
   * once; in a modal input it only records a draft until submit.
   */
  function renderBlocks(blocks, where) {
    const container = element('div', { class: 'bk-blocks' });
    for (const block of blocks || []) container.append(renderBlock(block, where));
    return container;
  }

  function renderBlock(block, where) {
    const attributes = {
      class: `bk-block bk-${block.type}`,
      'data-block-id': block.block_id,
      testid: `block-${block.type}`,
    };
    switch (block.type) {
      case 'section': {
        const main = element('div', { class: 'bk-section-main' }, textObject(block.text, 'section-text'));
        if (Array.isArray(block.fields)) {
          main.append(
            element(
              'div',
              { class: 'bk-fields' },
              block.fields.map((field) => textObject(field, 'section-field')),
            ),
          );
        }
        const accessory = block.accessory ? renderElement(block.accessory, block, where, false) : null;
        return element('div', { ...attributes, class: `${attributes.class} bk-section` }, main, accessory);
      }
      case 'header':
        return element('div', { ...attributes, class: `${attributes.class} bk-header` }, plain(block.text));
      case 'context':
        return element(
          'div',
          { ...attributes, class: `${attributes.class} bk-context` },
          (block.elements || []).map((item) =>
            item.type === 'image'
              ? element('img', { src: item.image_url, alt: item.alt_text })
              : textObject(item),
          ),
        );
      case 'divider':
        return element('hr', { ...attributes, class: `${attributes.class} bk-divider` });
      case 'actions':
        return element(
          'div',
          { ...attributes, class: `${attributes.class} bk-actions` },
          (block.elements || []).map((item) => renderElement(item, block, where, false)),
        );
      case 'image':
        return element(
          'figure',
          { ...attributes, class: `${attributes.class} bk-image`, style: 'margin:4px 0' },
          block.title ? element('div', { class: 'bk-image-title' }, plain(block.title)) : null,
          element('img', { src: block.image_url, alt: block.alt_text }),
        );
      case 'rich_text':
        return element(
          'div',
          { ...attributes, class: `${attributes.class} message-text` },
          (block.elements || []).map(renderRichElement),
        );
      case 'markdown':
        return element('div', {
          ...attributes,
          class: `${attributes.class} message-text`,
          html: mrkdwn(String(block.text || '').replace(/\*\*(.+?)\*\*/g, '*$1*')),
        });
      case 'input':
        return renderInputBlock(block, where);
      default:
        return element(
          'div',
          { ...attributes, class: 'bk-unsupported' },
          `[${block.type} block: not drawn by the sandbox]`,
        );
    }
  }

  function renderRichElement(item) {
    switch (item.type) {
      case 'rich_text_section':
        return element('div', {}, (item.elements || []).map(renderRichLeaf));
      case 'rich_text_list': {
        const tag = item.style === 'ordered' ? 'ol' : 'ul';
        return element(
          tag,
          { class: 'bk-rich-list' },
          (item.elements || []).map((entry) => element('li', {}, renderRichElement(entry))),
        );
      }
      case 'rich_text_preformatted':
        return element(
          'pre',
          { class: 'mk-pre' },
          (item.elements || []).map((leaf) => leaf.text || '').join(''),
        );
      case 'rich_text_quote':
        return element('div', { class: 'mk-quote' }, (item.elements || []).map(renderRichLeaf));
      default:
        return element('span', { class: 'bk-unsupported' }, `[${item.type}]`);
    }
  }

  function renderRichLeaf(leaf) {
    let node;
    switch (leaf.type) {
      case 'text':
        node = element('span', {}, leaf.text);
        break;
      case 'link':
        node = element(
          'a',
          { href: leaf.url, target: '_blank', rel: 'noopener noreferrer' },
          leaf.text || leaf.url,
        );
        break;
      case 'user':
        node = element('span', { class: 'mk-mention' }, `@${user(leaf.user_id)?.name || leaf.user_id}`);
        break;
      case 'channel':
        node = element(
          'span',
          { class: 'mk-mention' },
          `#${channel(leaf.channel_id)?.name || leaf.channel_id}`,
        );
        break;
      case 'emoji':
        node = element('span', {}, EMOJI[leaf.name] || `:${leaf.name}:`);
        break;
      case 'broadcast':
        node = element('span', { class: 'mk-mention mk-broadcast' }, `@${leaf.range}`);
        break;
      default:
        node = element('span', {}, leaf.text || '');
    }
    const style = leaf.style || {};
    if (style.code) node = element('code', { class: 'mk-code' }, node);
    if (style.bold) node = element('strong', {}, node);
    if (style.italic) node = element('em', {}, node);
    if (style.strike) node = element('s', {}, node);
    return node;
  }

  function draftsFor(viewId) {
    page.drafts[viewId] = page.drafts[viewId] || {};
    return page.drafts[viewId];
  }

  function setDraft(where, block, item, value) {
    if (!where.viewId) return;
    const drafts = draftsFor(where.viewId);
    drafts[block.block_id] = drafts[block.block_id] || {};
    drafts[block.block_id][item.action_id] = value;
  }

  function draftOf(where, block, item) {
    if (!where.viewId) return undefined;
    return page.drafts[where.viewId]?.[block.block_id]?.[item.action_id];
  }

  function optionsOf(item) {
    const groups = (item.option_groups || []).flatMap((group) => group.options || []);
    return [...(item.options || []), ...groups];
  }

  /** Sends block_actions for an element; inside an input block only a draft is kept (Slack waits for submit). */
  function act(where, block, item, value, inInput) {
    if (inInput && !item.dispatch_action && block.dispatch_action !== true) {
      setDraft(where, block, item, value);
      return;
    }
    const send = () => {
      const body = { userId: page.userId, actionId: item.action_id, blockId: block.block_id };
      if (value !== undefined) body.value = value;
      if (where.viewId) {
        body.viewId = where.viewId;
        body.values = draftsFor(where.viewId);
      } else {
        body.channelId = where.channelId;
        body.messageTs = where.messageTs;
      }
      return post('/ui/action', body).then((result) => {
        if (result?.failure) toast(`tune could not handle that: ${result.failure}`);
      });
    };
    if (item.confirm) confirmThen(item.confirm, send);
    else send();
  }

  function confirmThen(confirm, then) {
    const close = () => overlay.remove();
    const overlay = element(
      'div',
      { class: 'modal-overlay confirm-dialog', testid: 'confirm-dialog' },
      element(
        'div',
        { class: 'modal', role: 'dialog' },
        element(
          'div',
          { class: 'modal-header' },
          element('div', { class: 'modal-title' }, plain(confirm.title) || 'Are you sure?'),
        ),
        element('div', { class: 'modal-body' }, textObject(confirm.text)),
        element(
          'div',
          { class: 'modal-footer' },
          element(
            'button',
            { type: 'button', class: 'bk-button', testid: 'confirm-deny', onclick: close },
            plain(confirm.deny) || 'Cancel',
          ),
          element(
            'button',
            {
              type: 'button',
              class: `bk-button ${confirm.style === 'danger' ? 'danger' : 'primary'}`,
              testid: 'confirm-accept',
              onclick: () => {
                close();
                then();
              },
            },
            plain(confirm.confirm) || 'Yes',
          ),
        ),
      ),
    );
    document.body.append(overlay);
  }

  function renderElement(item, block, where, inInput) {
    const data = { 'data-action-id': item.action_id };
    switch (item.type) {
      case 'button':
        return element(
          'button',
          {
            ...data,
            type: 'button',
            class: `bk-button ${item.style || ''}`,
            testid: 'block-button',
            onclick: () => {
              if (item.url) window.open(item.url, '_blank', 'noopener');
              act(where, block, item, item.value, false);
            },
          },
          emojify(plain(item.text)),
        );
      case 'static_select':
      case 'users_select':
      case 'conversations_select':
      case 'channels_select':
      case 'external_select': {
        const options =
          item.type === 'static_select'
            ? optionsOf(item).map((option) => ({ value: option.value, label: plain(option.text) }))
            : item.type === 'users_select'
              ? page.snapshot.users
                  .filter((person) => !person.isBot)
                  .map((person) => ({ value: person.id, label: person.name }))
              : page.snapshot.channels
                  .filter((place) => !place.isIm)
                  .map((place) => ({ value: place.id, label: `#${place.name}` }));
        const initial =
          draftOf(where, block, item) ??
          item.initial_option?.value ??
          item.initial_user ??
          item.initial_conversation ??
          item.initial_channel ??
          '';
        const select = element(
          'select',
          {
            ...data,
            class: 'bk-select',
            testid: 'block-select',
            onchange: (event) => act(where, block, item, event.target.value, inInput),
          },
          element('option', { value: '' }, plain(item.placeholder) || 'Select an item'),
          options.map((option) =>
            element('option', { value: option.value, selected: option.value === initial }, option.label),
          ),
        );
        return select;
      }
      case 'multi_static_select': {
        const initial =
          draftOf(where, block, item) ?? (item.initial_options || []).map((option) => option.value);
        return element(
          'select',
          {
            ...data,
            class: 'bk-select',
            multiple: true,
            testid: 'block-multi-select',
            onchange: (event) =>
              act(
                where,
                block,
                item,
                [...event.target.selectedOptions].map((option) => option.value),
                inInput,
              ),
          },
          optionsOf(item).map((option) =>
            element(
              'option',
              { value: option.value, selected: initial.includes(option.value) },
              plain(option.text),
            ),
          ),
        );
      }
      case 'overflow': {
        const menu = element(
          'div',
          { class: 'bk-overflow-menu hidden' },
          (item.options || []).map((option) =>
            element(
              'button',
              {
                type: 'button',
                testid: 'overflow-option',
                'data-value': option.value,
                onclick: () => {
                  menu.classList.add('hidden');
                  act(where, block, item, option.value, false);
                },
              },
              plain(option.text),
            ),
          ),
        );
        return element(
          'span',
          { class: 'bk-overflow' },
          element(
            'button',
            {
              ...data,
              type: 'button',
              class: 'bk-button',
              testid: 'block-overflow',
              onclick: () => menu.classList.toggle('hidden'),
            },
            '⋯',
          ),
          menu,
        );
      }
      case 'datepicker':
      case 'timepicker':
        return element('input', {
          ...data,
          type: item.type === 'datepicker' ? 'date' : 'time',
          class: 'bk-select',
          testid: `block-${item.type}`,
          value: draftOf(where, block, item) ?? item.initial_date ?? item.initial_time ?? '',
          onchange: (event) => act(where, block, item, event.target.value, inInput),
        });
      case 'radio_buttons':
      case 'checkboxes': {
        const isRadio = item.type === 'radio_buttons';
        const name = `${where.viewId || where.messageTs}-${block.block_id}-${item.action_id}`;
        const initial =
          draftOf(where, block, item) ??
          (isRadio ? item.initial_option?.value : (item.initial_options || []).map((option) => option.value));
        const group = element('div', { ...data, testid: `block-${item.type}` });
        for (const option of item.options || []) {
          const checked = isRadio ? initial === option.value : (initial || []).includes(option.value);
          const input = element('input', {
            type: isRadio ? 'radio' : 'checkbox',
            name,
            value: option.value,
            checked,
            onchange: () => {
              const chosen = [...group.querySelectorAll('input:checked')].map((node) => node.value);
              act(where, block, item, isRadio ? chosen[0] : chosen, inInput);
            },
          });
          group.append(
            element(
              'label',
              { class: 'bk-choice' },
              input,
              element(
                'span',
                {},
                element('span', {
                  html:
                    option.text?.type === 'mrkdwn'
                      ? mrkdwn(option.text.text)
                      : escapeHtml(plain(option.text)),
                }),
                option.description
                  ? element('div', { class: 'bk-choice-description' }, plain(option.description))
                  : null,
              ),
            ),
          );
        }
        return group;
      }
      case 'plain_text_input':
      case 'email_text_input':
      case 'url_text_input':
      case 'number_input': {
        const value = draftOf(where, block, item) ?? item.initial_value ?? '';
        const common = {
          ...data,
          class: item.multiline ? 'bk-textarea' : 'bk-input',
          testid: `input-${item.type}`,
          placeholder: plain(item.placeholder),
          oninput: (event) => setDraft(where, block, item, event.target.value),
        };
        if (item.multiline) return element('textarea', common, value);
        const type =
          item.type === 'number_input'
            ? 'number'
            : item.type === 'email_text_input'
              ? 'email'
              : item.type === 'url_text_input'
                ? 'url'
                : 'text';
        return element('input', {
          ...common,
          type,
          value,
          step: item.type === 'number_input' ? (item.is_decimal_allowed ? 'any' : '1') : undefined,
          min: item.min_value,
          max: item.max_value,
        });
      }
      case 'image':
        return element('img', { class: 'bk-accessory-image', src: item.image_url, alt: item.alt_text });
      default:
        return element('span', { class: 'bk-unsupported' }, `[${item.type}: not drawn by the sandbox]`);
    }
  }

  function renderInputBlock(block, where) {
    const error = where.errors?.[block.block_id];
    return element(
      'div',
      { class: 'bk-block bk-input-block', 'data-block-id': block.block_id, testid: 'input-block' },
      element(
        'label',
        { class: 'bk-label' },
        plain(block.label),
        block.optional ? element('span', { class: 'bk-optional' }, ' (optional)') : null,
      ),
      block.element ? renderElement(block.element, block, where, true) : null,
      block.hint ? element('div', { class: 'bk-hint' }, plain(block.hint)) : null,
      error
        ? element('div', { class: 'bk-error', testid: 'input-error', 'data-block-id': block.block_id }, error)
        : null,
    );
  }

  // ── messages ───────────────────────────────────────────────────────────────────────────────

  function renderFile(file) {
    // Slack shows an image inline, under its title; other files as a chip to download.
    if ((file.mimetype || '').startsWith('image/')) {
      return element(
        'figure',
        { class: 'file-image', testid: 'file-image' },
        element('figcaption', { class: 'file-name' }, file.title || file.name),
        element('img', { src: `/ui/file/${file.id}`, alt: file.title || file.name }),
      );
    }
    return element(
      'div',
      { class: 'file-chip', testid: 'file-chip' },
      element('span', { class: 'file-icon' }, (file.filetype || 'file').slice(0, 4).toUpperCase()),
      element(
        'div',
        {},
        element('div', { class: 'file-name' }, file.name),
        element(
          'div',
          { class: 'file-meta' },
          `${sizeOf(file.size)} · ${file.filetype} · `,
          element('a', { href: `/ui/file/${file.id}` }, 'Download'),
        ),
      ),
    );
  }

  function renderMessage(message, options) {
    const author = user(message.user);
    const isBot = Boolean(message.bot_id) || author?.isBot;
    if (message.subtype === 'channel_join') {
      return element(
        'div',
        { class: 'system-line', testid: 'system-message' },
        `${author?.name || message.user} joined the channel.`,
      );
    }
    const ephemeral = message.is_ephemeral === true;
    const where = { channelId: message.channel, messageTs: message.ts };
    const body = element(
      'div',
      { class: 'message-body' },
      element(
        'div',
        { class: 'message-head' },
        element(
          'span',
          { class: 'message-author' },
          author?.realName && !isBot ? author.name : author?.name || message.user,
        ),
        isBot && message.user !== 'USLACKBOT' ? element('span', { class: 'app-badge' }, 'APP') : null,
        element('span', { class: 'message-time' }, timeOf(message.ts)),
        message.edited ? element('span', { class: 'edited' }, '(edited)') : null,
      ),
      message.subtype === 'thread_broadcast'
        ? element('div', { class: 'broadcast-label' }, 'replied to a thread')
        : null,
      message.subtype === 'tombstone'
        ? element('div', { class: 'message-text edited' }, 'This message was deleted.')
        : Array.isArray(message.blocks) && message.blocks.length > 0
          ? renderBlocks(message.blocks, where)
          : message.text
            ? element('div', { class: 'message-text', testid: 'message-text', html: mrkdwn(message.text) })
            : null,
      (message.files || []).map(renderFile),
      message.reactions
        ? element(
            'div',
            { class: 'reactions' },
            message.reactions.map((reaction) =>
              element(
                'span',
                { class: 'reaction' },
                `${EMOJI[reaction.name] || `:${reaction.name}:`} ${reaction.count}`,
              ),
            ),
          )
        : null,
      ephemeral
        ? element(
            'div',
            { class: 'ephemeral-label' },
            'Only visible to you',
            element(
              'button',
              {
                type: 'button',
                class: 'link-button',
                onclick: () => {
                  page.dismissed.add(message.ts);
                  render();
                },
              },
              'Dismiss',
            ),
          )
        : null,
      options.inThread || !message.reply_count
        ? null
        : element(
            'button',
            {
              type: 'button',
              class: 'link-button replies-link',
              testid: 'replies-link',
              onclick: () => openThread(message.channel, message.ts),
            },
            `${message.reply_count} ${message.reply_count === 1 ? 'reply' : 'replies'}`,
          ),
      options.inThread || ephemeral || message.subtype === 'tombstone' || message.reply_count
        ? null
        : element(
            'button',
            {
              type: 'button',
              class: 'link-button reply-in-thread',
              testid: 'reply-in-thread',
              onclick: () => openThread(message.channel, message.ts),
            },
            'Reply in thread',
          ),
    );
    return element(
      'div',
      {
        class: `message${ephemeral ? ' ephemeral' : ''}${page.highlightTs === message.ts ? ' highlight' : ''}`,
        testid: ephemeral ? 'ephemeral-message' : 'message',
        'data-ts': message.ts,
        'data-user': message.user,
      },
      element(
        'div',
        { class: 'avatar', style: `background:${colorFor(message.user)}` },
        (author?.name || '?').slice(0, 1).toUpperCase(),
      ),
      body,
    );
  }

  function conversation(channelId, threadTs) {
    const snapshot = page.snapshot;
    const list = threadTs
      ? (snapshot.threads[`${channelId}/${threadTs}`] || []).slice()
      : (snapshot.messages[channelId] || []).slice();
    const ephemerals = snapshot.ephemerals.filter(
      (message) =>
        message.channel === channelId &&
        (message.thread_ts || null) === (threadTs || null) &&
        !page.dismissed.has(message.ts),
    );
    return [...list, ...ephemerals].sort((first, second) => Number(first.ts) - Number(second.ts));
  }

  function renderMessageList(container, channelId) {
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    const previousChannel = container.dataset.channel;
    const items = conversation(channelId, null);
    container.replaceChildren(
      ...(items.length === 0
        ? [element('div', { class: 'empty' }, 'No messages yet. Try typing /tune help below.')]
        : items.map((message) => renderMessage(message, { inThread: false }))),
    );
    container.dataset.channel = channelId;
    if (page.highlightTs) {
      container.querySelector(`[data-ts="${page.highlightTs}"]`)?.scrollIntoView({ block: 'center' });
    } else if (nearBottom || previousChannel !== channelId) {
      container.scrollTop = container.scrollHeight;
    }
  }

  // ── the places: channels, the app's Home and Messages tabs ─────────────────────────────────

  function render() {
    const snapshot = page.snapshot;
    if (!snapshot) return;
    $('workspace-name').textContent = snapshot.team.name;
    $('app-name').textContent = snapshot.bot.name;
    $('bot-url').textContent = snapshot.botUrl
      ? `bot: ${snapshot.botUrl}`
      : 'no bot connected: commands will fail with dispatch_failed';
    // With many workspaces the install function's page walks another workspace through OAuth.
    const addToSlack = $('add-to-slack');
    addToSlack.hidden = !snapshot.installUrl;
    if (snapshot.installUrl) addToSlack.href = snapshot.installUrl;
    renderUserPicker();
    renderChannelList();
    if (page.place.kind === 'channel') renderChannel();
    else renderApp();
    renderThread();
    renderActivity();
    renderModal();
    renderNotices();
  }

  function renderUserPicker() {
    const select = $('acting-user');
    const people = page.snapshot.users.filter((person) => !person.isBot);
    const signature = people.map((person) => person.id).join(',');
    if (select.dataset.signature !== signature) {
      select.replaceChildren(
        ...people.map((person) => element('option', { value: person.id }, `${person.name} (${person.id})`)),
      );
      select.dataset.signature = signature;
    }
    select.value = page.userId;
  }

  function renderChannelList() {
    const list = $('channel-list');
    const channels = page.snapshot.channels.filter((place) => !place.isIm);
    list.replaceChildren(
      ...channels.map((place) =>
        element(
          'li',
          {},
          element(
            'button',
            {
              type: 'button',
              class: `nav-item${page.place.kind === 'channel' && page.place.channelId === place.id ? ' active' : ''}`,
              testid: `channel-${place.name}`,
              onclick: () => openChannel(place.id),
            },
            element('span', { class: 'nav-hash' }, place.isPrivate ? '🔒' : '#'),
            place.name,
            place.botMember
              ? element(
                  'span',
                  { class: 'nav-badge', title: `${page.snapshot.bot.name} is a member` },
                  page.snapshot.bot.name,
                )
              : null,
          ),
        ),
      ),
    );
    $('app-button').classList.toggle('active', page.place.kind === 'app');
  }

  function renderChannel() {
    const place = channel(page.place.channelId);
    if (!place) return;
    const botName = page.snapshot.bot.name;
    $('channel-header').replaceChildren(
      element('span', { class: 'channel-title' }, `${place.isPrivate ? '🔒' : '#'} ${place.name}`),
      element('span', { class: 'channel-topic' }, place.topic),
      element(
        'span',
        { class: 'channel-meta' },
        `${place.members.filter((member) => !user(member)?.isBot).length} people`,
        place.botMember
          ? element('span', { testid: 'bot-member' }, `· ${botName} is in this channel`)
          : element(
              'button',
              {
                type: 'button',
                class: 'bk-button',
                testid: 'invite-bot',
                onclick: () => post('/ui/invite-bot', { userId: page.userId, channelId: place.id }),
              },
              `Add ${botName} to #${place.name}`,
            ),
      ),
    );
    const messages = $('messages');
    messages.classList.remove('home');
    renderMessageList(messages, place.id);
    $('composer').classList.remove('hidden');
    $('composer-input').placeholder =
      `Message #${place.name} — try ${page.snapshot.command} help, or mention @${botName}`;
  }

  function directChannel() {
    return page.snapshot.channels.find((place) => place.isIm && place.members.includes(page.userId));
  }

  function renderApp() {
    const botName = page.snapshot.bot.name;
    const tab = (name, label) =>
      element(
        'button',
        {
          type: 'button',
          class: `tab${page.appTab === name ? ' active' : ''}`,
          testid: `app-tab-${name}`,
          onclick: () => {
            page.appTab = name;
            render();
          },
        },
        label,
      );
    $('channel-header').replaceChildren(
      element('span', { class: 'app-icon modal-app' }, botName.slice(0, 1)),
      element('span', { class: 'channel-title' }, botName),
      // A Messages tab only where the app's manifest enables one (tune's does not).
      element(
        'span',
        { class: 'tabs' },
        tab('home', 'Home'),
        page.snapshot.appHome?.messagesTab ? tab('messages', 'Messages') : null,
      ),
    );
    if (!page.snapshot.appHome?.messagesTab) page.appTab = 'home';
    const container = $('messages');
    if (page.appTab === 'home') {
      const home = page.snapshot.home;
      container.classList.add('home');
      container.dataset.channel = '';
      container.replaceChildren(
        home
          ? element(
              'div',
              { class: 'home', testid: 'home-view' },
              renderBlocks(home.blocks, { viewId: home.id }),
            )
          : element(
              'div',
              { class: 'empty', testid: 'home-view' },
              `${botName} has not published a Home tab for you yet (views.publish).`,
            ),
      );
      $('composer').classList.add('hidden');
      return;
    }
    container.classList.remove('home');
    const direct = directChannel();
    if (direct) renderMessageList(container, direct.id);
    else container.replaceChildren(element('div', { class: 'empty' }, 'No messages with the app yet.'));
    $('composer').classList.remove('hidden');
    $('composer-input').placeholder = `Message ${botName}`;
  }

  function openChannel(channelId, highlightTs) {
    page.place = { kind: 'channel', channelId };
    page.highlightTs = highlightTs || null;
    history.replaceState(null, '', `#${channelId}`);
    render();
    $('composer-input').focus();
  }

  function openApp() {
    page.place = { kind: 'app' };
    history.replaceState(null, '', '#app');
    render();
    post('/ui/home', { userId: page.userId });
  }

  function openThread(channelId, ts) {
    page.thread = { channelId, ts };
    page.showActivity = false;
    render();
    document.querySelector('[data-testid="thread-composer-input"]')?.focus();
  }

  function renderThread() {
    const pane = $('thread-pane');
    const thread = page.thread;
    if (!thread) {
      pane.classList.add('hidden');
      return;
    }
    const parent =
      (page.snapshot.messages[thread.channelId] || []).find((message) => message.ts === thread.ts) ||
      page.snapshot.ephemerals.find((message) => message.ts === thread.ts);
    if (!parent) {
      page.thread = null;
      pane.classList.add('hidden');
      return;
    }
    pane.classList.remove('hidden');
    const replies = conversation(thread.channelId, thread.ts);
    const existing = pane.querySelector('textarea');
    const draft =
      existing && pane.dataset.thread === `${thread.channelId}/${thread.ts}` ? existing.value : '';
    const hadFocus = existing && document.activeElement === existing;
    const input = element(
      'textarea',
      { rows: 2, testid: 'thread-composer-input', placeholder: 'Reply…' },
      draft,
    );
    const send = () => {
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      submitText(text, thread.channelId, thread.ts);
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    });
    const body = element(
      'div',
      { class: 'pane-body' },
      renderMessage(parent, { inThread: true }),
      element(
        'div',
        { class: 'pane-divider' },
        `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`,
      ),
      replies.map((message) => renderMessage(message, { inThread: true })),
    );
    pane.replaceChildren(
      element(
        'div',
        { class: 'pane-header' },
        `Thread · #${channel(thread.channelId)?.name || ''}`,
        element(
          'button',
          {
            type: 'button',
            class: 'modal-icon-button',
            testid: 'thread-close',
            onclick: () => {
              page.thread = null;
              render();
            },
          },
          '✕',
        ),
      ),
      body,
      element(
        'div',
        { class: 'thread-composer' },
        input,
        element(
          'button',
          { type: 'button', class: 'send-button', testid: 'thread-send', onclick: send },
          'Send',
        ),
      ),
    );
    pane.dataset.thread = `${thread.channelId}/${thread.ts}`;
    body.scrollTop = body.scrollHeight;
    if (hadFocus) input.focus();
  }

  function renderActivity() {
    const pane = $('activity-pane');
    pane.classList.toggle('hidden', !page.showActivity || Boolean(page.thread));
    $('activity-toggle').textContent = page.showActivity ? 'Hide activity' : 'Activity';
    if (!page.showActivity) return;
    const entries = page.snapshot.activity.slice().reverse();
    pane.replaceChildren(
      element(
        'div',
        { class: 'pane-header' },
        'Activity',
        element(
          'button',
          {
            type: 'button',
            class: 'modal-icon-button',
            onclick: () => {
              page.showActivity = false;
              render();
            },
          },
          '✕',
        ),
      ),
      element(
        'div',
        { class: 'activity-help' },
        '→ requests Slack sends the bot (signed), ← Web API calls the bot makes. Newest first.',
      ),
      element(
        'div',
        { class: 'pane-body', testid: 'activity-list' },
        entries.map((entry) =>
          element(
            'div',
            { class: `activity-entry${entry.ok ? '' : ' failed'}` },
            element(
              'span',
              { class: 'activity-direction' },
              entry.direction === 'to-bot' ? '→ bot' : '← API',
            ),
            element('span', { class: 'activity-label' }, entry.label),
            element(
              'span',
              { class: 'activity-detail' },
              `${new Date(entry.at).toLocaleTimeString()} · ${entry.detail}`,
            ),
          ),
        ),
      ),
    );
  }

  // ── modals ─────────────────────────────────────────────────────────────────────────────────

  function renderModal() {
    const root = $('modal-root');
    const stack = page.snapshot.modals;
    const view = stack[stack.length - 1];
    const key = view ? JSON.stringify([view.id, view.hash, view.errors, view.failure, stack.length]) : null;
    if (key === page.modalKey) return;
    page.modalKey = key;
    if (!view) {
      root.replaceChildren();
      return;
    }
    const where = { viewId: view.id, errors: view.errors };
    const submit = () => {
      post('/ui/view-submit', { userId: page.userId, viewId: view.id, values: draftsFor(view.id) });
    };
    const close = (all) => post('/ui/view-close', { userId: page.userId, viewId: view.id, all });
    root.replaceChildren(
      element(
        'div',
        { class: 'modal-overlay' },
        element(
          'div',
          {
            class: 'modal',
            role: 'dialog',
            testid: 'modal',
            'data-view-id': view.id,
            'data-callback-id': view.callback_id,
          },
          element(
            'div',
            { class: 'modal-header' },
            stack.length > 1
              ? element(
                  'button',
                  {
                    type: 'button',
                    class: 'modal-icon-button',
                    testid: 'modal-back',
                    title: 'Back',
                    onclick: () => close(false),
                  },
                  '‹',
                )
              : element('span', { class: 'app-icon modal-app' }, page.snapshot.bot.name.slice(0, 1)),
            element('div', { class: 'modal-title', testid: 'modal-title' }, plain(view.title)),
            element(
              'button',
              {
                type: 'button',
                class: 'modal-icon-button',
                testid: 'modal-dismiss',
                title: 'Close',
                onclick: () => close(true),
              },
              '✕',
            ),
          ),
          element(
            'div',
            { class: 'modal-body' },
            view.failure
              ? element('div', { class: 'modal-failure', testid: 'modal-failure' }, view.failure)
              : null,
            renderBlocks(view.blocks, where),
          ),
          element(
            'div',
            { class: 'modal-footer' },
            element(
              'button',
              { type: 'button', class: 'bk-button', testid: 'modal-close', onclick: () => close(false) },
              plain(view.close) || 'Cancel',
            ),
            view.submit
              ? element(
                  'button',
                  { type: 'button', class: 'bk-button primary', testid: 'modal-submit', onclick: submit },
                  plain(view.submit),
                )
              : null,
          ),
        ),
      ),
    );
  }

  function renderNotices() {
    for (const notice of page.snapshot.notices) {
      if (page.seenNotices.has(notice.id)) continue;
      page.seenNotices.add(notice.id);
      if (!page.firstSnapshot) toast(notice.text);
    }
  }

  // ── the composer ───────────────────────────────────────────────────────────────────────────

  function currentChannelId() {
    if (page.place.kind === 'channel') return page.place.channelId;
    return directChannel()?.id || null;
  }

  async function submitText(text, channelId, threadTs) {
    if (!channelId) return;
    if (text.startsWith('/')) {
      const [command] = text.split(/\s+/);
      if (command !== page.snapshot.command) {
        toast(
          `${command} is not a valid command. In this sandbox only ${page.snapshot.command} is installed.`,
        );
        return;
      }
      const body = { userId: page.userId, channelId, text: text.slice(command.length).trim() };
      if (threadTs) body.threadTs = threadTs;
      await post('/ui/command', body);
      return;
    }
    const body = { userId: page.userId, channelId, text };
    if (threadTs) body.threadTs = threadTs;
    await post('/ui/message', body);
  }

  function setUpComposer() {
    const input = $('composer-input');
    const send = () => {
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      input.style.height = '';
      submitText(text, currentChannelId(), null);
    };
    $('composer').addEventListener('submit', (event) => {
      event.preventDefault();
      send();
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    });
    input.addEventListener('input', () => {
      input.style.height = '';
      input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
    });
    $('file-button').addEventListener('click', () => $('file-input').click());
    $('file-input').addEventListener('change', async (event) => {
      const file = event.target.files[0];
      event.target.value = '';
      const channelId = currentChannelId();
      if (!file || !channelId) return;
      const params = new URLSearchParams({ user: page.userId, channel: channelId, name: file.name });
      const comment = input.value.trim();
      if (comment) params.set('comment', comment);
      input.value = '';
      toast(`Uploading ${file.name}…`);
      const response = await fetch(`/ui/file?${params}`, { method: 'POST', body: file });
      if (!response.ok) {
        const result = await response.json().catch(() => ({}));
        toast(result.error || `Upload failed (HTTP ${response.status}).`);
      }
    });
  }

  // ── start ──────────────────────────────────────────────────────────────────────────────────

  async function refresh() {
    if (page.refreshing) {
      page.refreshAgain = true;
      return;
    }
    page.refreshing = true;
    try {
      const response = await fetch(`/ui/snapshot?user=${encodeURIComponent(page.userId)}`);
      page.snapshot = await response.json();
      if (!user(page.userId) || user(page.userId).isBot) {
        page.userId = page.snapshot.users.find((person) => !person.isBot)?.id || page.userId;
        page.refreshAgain = true;
      }
      if (page.place.kind === 'channel' && !channel(page.place.channelId)) {
        const first =
          page.snapshot.channels.find((place) => !place.isIm && place.botMember) || page.snapshot.channels[0];
        page.place = { kind: 'channel', channelId: first?.id || null };
      }
      render();
      page.firstSnapshot = false;
    } finally {
      page.refreshing = false;
      if (page.refreshAgain) {
        page.refreshAgain = false;
        refresh();
      }
    }
  }

  function followHash() {
    const hash = decodeURIComponent(location.hash.slice(1));
    if (hash === 'app') {
      page.place = { kind: 'app' };
      return;
    }
    const [channelId, ts] = hash.split('/');
    if (channelId) page.place = { kind: 'channel', channelId };
    if (ts) page.highlightTs = ts;
  }

  function start() {
    followHash();
    setUpComposer();
    $('acting-user').addEventListener('change', (event) => {
      page.userId = event.target.value;
      localStorage.setItem('sandbox.user', page.userId);
      page.modalKey = null;
      page.thread = null;
      refresh().then(() => {
        if (page.place.kind === 'app') post('/ui/home', { userId: page.userId });
      });
    });
    $('app-button').addEventListener('click', openApp);
    $('activity-toggle').addEventListener('click', () => {
      page.showActivity = !page.showActivity;
      if (page.showActivity) page.thread = null;
      render();
    });
    const events = new EventSource('/ui/events');
    events.addEventListener('change', () => refresh());
    refresh().then(() => {
      if (page.place.kind === 'app') post('/ui/home', { userId: page.userId });
    });
  }

  start();
})();
