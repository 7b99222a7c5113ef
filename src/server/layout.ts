import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { REPORT_STYLE } from '../export/html.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const NAV = [
  ['/', 'Library'],
  ['/runs', 'Runs'],
  ['/demand', 'Demand'],
  ['/ask', 'Ask'],
  ['/schedules', 'Schedules'],
] as const;

/** The dashboard's style sheet: the report's, plus navigation and forms. */
export const STYLESHEET = `${REPORT_STYLE}
body{max-width:80rem}nav.top{display:flex;gap:1.2rem;align-items:baseline;border-bottom:1px solid #ddd;padding:.6rem 0;margin-bottom:1rem}
nav.top strong{font-size:1.1rem;margin-right:1rem}nav.top a{text-decoration:none;color:#1a4fa0}nav.top a.here{font-weight:600;color:#1d1d1f}
form.inline{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:.8rem 0}form.inline label{display:flex;flex-direction:column;font-size:.85rem;color:#444}
input,select,button,textarea{font:inherit;padding:.25rem .4rem}textarea{width:100%}
.notice{background:#fff7e0;border:1px solid #e8d48a;border-radius:6px;padding:.5rem .8rem}.error{background:#fdecec;border:1px solid #e5a3a3;border-radius:6px;padding:.5rem .8rem}
.pager{display:flex;gap:1rem;margin:1rem 0}.muted{color:#666}progress{width:24rem;max-width:100%}
ul.results{list-style:none;padding:0}ul.results li{margin:.7rem 0}.downloads a{margin-right:.8rem}`;

/** A whole page: navigation, content, the mermaid bundle and the dashboard's script (all served locally). */
export function page(title: string, here: string, body: Html): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · paperloom</title><link rel="stylesheet" href="/assets/style.css"></head>
<body><nav class="top"><strong>paperloom</strong>${NAV.map(([href, label]) => html`<a href="${href}"${here === href ? raw(' class="here" aria-current="page"') : ''}>${label}</a>`)}</nav>
<main>${body}</main>
<script src="/assets/mermaid.min.js"></script><script src="/assets/app.js"></script>
</body></html>`;
}

/** A link to a page of the dashboard with these query parameters (empty ones left out). */
export function href(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') query.set(k, String(v));
  const s = query.toString();
  return s ? `${path}?${s}` : path;
}

export const paperHref = (arxivId: string) => `/papers/${encodeURIComponent(arxivId)}`;

export const day = (iso: string | null | undefined) => iso?.slice(0, 10) ?? '';

/** A block telling the user what went wrong with their input. */
export const problem = (message: string | null | undefined) => (message ? html`<p class="error" role="alert">${message}</p>` : '');
