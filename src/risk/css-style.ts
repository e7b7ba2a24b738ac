/**
 * `<div ${cssStyle({left: '10px', '--x': '3px'})}>`: inline styles written only through the CSSOM
 * (`element.style.setProperty`), which a strict CSP (`style-src 'self'`) allows. Lit's `styleMap`
 * is not enough there: its first render writes a `style="…"` attribute, which that CSP drops.
 * Names are CSS property names (dash-case, custom properties included); null/undefined removes one.
 */
import { noChange } from 'lit';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';

export type CssStyleInfo = Readonly<Record<string, string | null | undefined>>;

class CssStyleDirective extends Directive {
  private readonly names = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('cssStyle() is an element directive: <div ${cssStyle({...})}>');
  }

  render(_styles: CssStyleInfo): typeof noChange {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [CssStyleInfo]): typeof noChange {
    const { style } = part.element as HTMLElement;
    for (const name of this.names) {
      if (styles[name] == null) {
        style.removeProperty(name);
        this.names.delete(name);
      }
    }
    for (const [name, value] of Object.entries(styles)) {
      if (value == null) continue;
      style.setProperty(name, value);
      this.names.add(name);
    }
    return noChange;
  }
}

export const cssStyle = directive(CssStyleDirective);
