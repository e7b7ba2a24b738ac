/**
 * The error/warning panel (`part="error"`) and progress bar (`part="progress"`) every element
 * shows. Render helpers, not elements: they live inside each element's shadow root so `::part()`
 * styling works from the page. Everything from data is rendered as text.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import { cssStyle } from './css-style';
import type { CityErrorDetail, CityProgressDetail } from './events';
import type { ValidationIssue } from './validation';

export const statusStyles = css`
  .city-error {
    position: absolute;
    z-index: 20;
    left: 8px;
    right: 8px;
    bottom: 8px;
    max-height: 40%;
    overflow: auto;
    background: var(--city-surface);
    color: var(--city-fg);
    border: 1px solid var(--city-danger);
    border-left-width: 4px;
    border-radius: var(--city-radius);
    box-shadow: var(--city-shadow);
    padding: 8px 36px 8px 12px;
    font-size: 0.9em;
    pointer-events: auto;
  }
  .city-error[data-severity='warning'] {
    border-color: var(--city-warning);
  }
  .city-error h2 {
    font-size: 1em;
    margin: 0 0 4px;
  }
  .city-error ul {
    margin: 4px 0 0;
    padding-left: 18px;
  }
  .city-error code {
    font-family: ui-monospace, monospace;
    font-size: 0.92em;
    word-break: break-all;
  }
  .city-error .dismiss {
    position: absolute;
    top: 4px;
    right: 4px;
    border: none;
    background: transparent;
    color: inherit;
    font-size: 18px;
    line-height: 1;
    cursor: pointer;
    padding: 4px 8px;
  }
  .city-progress {
    position: absolute;
    z-index: 20;
    top: 0;
    left: 0;
    right: 0;
    height: 4px;
    background: transparent;
    overflow: hidden;
    pointer-events: none;
  }
  .city-progress > div {
    height: 100%;
    background: var(--city-accent);
    transition: width 0.2s;
  }
  .city-progress[data-indeterminate] > div {
    width: 30%;
    animation: city-indeterminate 1.2s infinite linear;
  }
  @keyframes city-indeterminate {
    from {
      transform: translateX(-100%);
    }
    to {
      transform: translateX(400%);
    }
  }
`;

export interface StatusStrings {
  (key: string, params?: Record<string, string | number>): string;
}

const MAX_LISTED = 8;

function issueText(issue: ValidationIssue, t: StatusStrings): string {
  if (issue.code) {
    const key = `issue.${issue.code}`;
    const localized = t(key, { value: '', detail: issue.message, range: '', expected: '', ...issue.params });
    if (localized !== key) return localized;
  }
  return issue.message;
}

/** Renders the panel for a list of problems (one per data source), or nothing. */
export function renderErrorPanel(
  problems: readonly CityErrorDetail[],
  t: StatusStrings,
  onDismiss: () => void,
): TemplateResult | typeof nothing {
  if (problems.length === 0) return nothing;
  const allIssues = problems.flatMap((p) => p.issues);
  const hardError = problems.some((p) => p.code !== 'invalid-data' || p.issues.some((i) => i.severity !== 'warning'));
  const total = problems.reduce((sum, p) => sum + (p.total ?? p.issues.length), 0);
  const hidden = total - Math.min(allIssues.length, MAX_LISTED);
  return html`<section
    part="error"
    class="city-error"
    role="alert"
    aria-live="assertive"
    data-severity=${hardError ? 'error' : 'warning'}
  >
    <h2>${t('error.title')}</h2>
    ${problems.map((p) => html`<p>${p.message}</p>`)}
    ${allIssues.length
      ? html`<ul>
          ${allIssues.slice(0, MAX_LISTED).map(
            (issue) =>
              html`<li>
                <code>${issue.path}</code>: ${issueText(issue, t)}
                ${issue.severity === 'warning' ? html`(${t('error.warning')})` : nothing}
              </li>`,
          )}
        </ul>`
      : nothing}
    ${hidden > 0 ? html`<p>${t('error.more', { count: hidden })}</p>` : nothing}
    <button class="dismiss" type="button" aria-label=${t('error.dismiss')} title=${t('error.dismiss')} @click=${onDismiss}>
      ×
    </button>
  </section>`;
}

export function renderProgress(progress: CityProgressDetail | null, label: string): TemplateResult | typeof nothing {
  if (!progress) return nothing;
  const determinate = progress.total > 0;
  const percent = determinate ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  return html`<div
    part="progress"
    class="city-progress"
    role="progressbar"
    aria-label=${label}
    aria-valuemin="0"
    aria-valuemax="100"
    aria-valuenow=${determinate ? percent : nothing}
    ?data-indeterminate=${!determinate}
  >
    <div ${cssStyle({ width: determinate ? `${percent}%` : undefined })}></div>
  </div>`;
}
