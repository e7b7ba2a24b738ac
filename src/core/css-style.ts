/**
 * `cssStyle({...})`: inline styles that survive a strict Content-Security-Policy.
 *
 * A page served with `style-src 'self'` (no 'unsafe-inline') drops every `style="…"` attribute,
 * including one written by `setAttribute('style', …)`. Lit's `styleMap` is not enough on its
 * own: its first render commits the styles as a `style` attribute string, and only later
 * updates go through the CSSOM, so the first paint of every swatch or tooltip is blocked. This
 * element directive writes through the CSSOM from the first render on
 * (`style.setProperty` / `style[name] = value`), which a CSP does not restrict.
 *
 * Usage: `<span class="swatch" ${cssStyle({ backgroundColor: color, '--city-x': '3px' })}>`.
 * Names with a dash (custom properties, `background-color`) go through `setProperty`, camelCase
 * names through the style object; a value ending in ` !important` is set as important; a
 * property whose value becomes null/undefined (or that is left out) is removed. Each value is
 * one declaration's value: an invalid one is ignored by the browser and cannot add others.
 */
import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

export type CssStyleInfo = Readonly<Record<string, string | number | null | undefined>>;

const IMPORTANT = ' !important';

class CssStyleDirective extends Directive {
  private previous = new Set<string>();

  constructor(partInfo: PartInfo) {
    super(partInfo);
    if (partInfo.type !== PartType.ELEMENT) {
      throw new Error('cssStyle() must be used in an element position: <div ${cssStyle({...})}>');
    }
  }

  render(_styles: CssStyleInfo): unknown {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [CssStyleInfo]): unknown {
    const { style } = part.element as HTMLElement | SVGElement;
    for (const name of this.previous) {
      if (styles[name] == null) {
        this.previous.delete(name);
        if (name.includes('-')) style.removeProperty(name);
        else (style as unknown as Record<string, string>)[name] = '';
      }
    }
    for (const name of Object.keys(styles)) {
      const value = styles[name];
      if (value == null) continue;
      this.previous.add(name);
      const text = String(value);
      const important = text.endsWith(IMPORTANT);
      if (name.includes('-') || important) {
        const property = name.includes('-') ? name : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        style.setProperty(property, important ? text.slice(0, -IMPORTANT.length) : text, important ? 'important' : '');
      } else {
        (style as unknown as Record<string, string>)[name] = text;
      }
    }
    return noChange;
  }
}

export const cssStyle = directive(CssStyleDirective);
