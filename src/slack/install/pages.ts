/**
 * The pages a person sees in the browser around "Add to Slack": the install page, and what
 * happened after Slack sent them back, in plain words. Everything shown is escaped for HTML.
 */
import { INVALID_STATE_CODE } from './bolt-stores.js';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}
a.button{display:inline-block;padding:.6rem 1.2rem;background:#4a154b;color:#fff;border-radius:.3rem;text-decoration:none}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

/** The install page: what tune asks for, and the button that starts Slack's flow. */
export function installPage(authorizeUrl: string): string {
  return page(
    'Add tune to your Slack workspace',
    `<p>tune fine-tunes Amazon Bedrock models from Slack. Slack will ask you to let it read the
channels it is invited to, post there, read the files shared with it, and answer <code>/tune</code>.</p>
<p><a class="button" href="${escapeHtml(authorizeUrl)}">Add to Slack</a></p>
<p>The link works once, for 10 minutes.</p>`,
  );
}

export function installedPage(workspace: string): string {
  return page(
    `tune is installed in ${workspace}`,
    `<p>tune is now in <strong>${escapeHtml(workspace)}</strong>. Invite it to a channel with
<code>/invite @tune</code> and type <code>/tune help</code> there.</p>`,
  );
}

/** A deployment for one workspace (its token configured by hand) takes no installs. */
export function notOfferedPage(): string {
  return page(
    'tune cannot be added from here',
    '<p>This tune serves one workspace, set up by its administrator. Ask them to add your workspace, or to open tune to other workspaces.</p>',
  );
}

/** Why the install did not happen, by the error's code; nothing was saved in every case. */
export function notInstalledPage(code: string | undefined, detail: string | undefined): string {
  const reason =
    code === INVALID_STATE_CODE
      ? 'This install link was already used, has expired, or was started in another browser. Install links work once, for 10 minutes, in the browser that opened them.'
      : code === 'slack_oauth_installer_authorization_error'
        ? 'The install was cancelled in Slack.'
        : code === 'tune_unsupported_installation'
          ? (detail ?? 'Slack returned an installation tune cannot use.')
          : 'Slack did not complete the install.';
  return page(
    'tune was not installed',
    `<p>${escapeHtml(reason)} Nothing was saved.</p><p><a href="install">Start again</a></p>`,
  );
}
