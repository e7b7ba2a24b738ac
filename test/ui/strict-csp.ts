/**
 * Puts the test page under `style-src 'self'` (no 'unsafe-inline') the way a strict portal
 * does, and records every `securitypolicyviolation`. A `<meta>` policy is enforced from the
 * moment it is inserted, so everything rendered after `installStrictStyleCsp()` is subject to it.
 */
import { render, type CSSResult, type TemplateResult } from 'lit';

export const violations: SecurityPolicyViolationEvent[] = [];

export function installStrictStyleCsp(): void {
  if (document.head.querySelector('meta[data-test-csp]')) return;
  document.addEventListener('securitypolicyviolation', (event) => violations.push(event));
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = "style-src 'self'";
  meta.dataset.testCsp = '';
  document.head.prepend(meta);
}

/** Violation events are dispatched as a task: let them arrive before reading `violations`. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 50));

export const describeViolations = () => violations.map((v) => `${v.effectiveDirective} ${v.blockedURI} ${v.sample}`);

/** A fixed-size positioned box with a shadow root holding `styles` (adopted, as Lit does). */
export function mountHost(styles: CSSResult[], width = 400, height = 300): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement('div');
  host.style.cssText = `position:fixed;left:20px;top:30px;width:${width}px;height:${height}px`;
  const root = host.attachShadow({ mode: 'open' });
  const base = new CSSStyleSheet();
  base.replaceSync(':host{--city-surface:#fff;--city-fg:#1d2330;--city-border:#d5d9e0;--city-muted:#5b6475;--city-accent:#1f6feb;--city-radius:6px}');
  root.adoptedStyleSheets = [base, ...styles.map((s) => s.styleSheet!)];
  document.body.append(host);
  return { host, root };
}

export function renderInto(root: ShadowRoot, template: TemplateResult | unknown): void {
  render(template, root);
}
