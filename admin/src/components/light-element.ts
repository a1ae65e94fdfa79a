import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { Lang } from '../i18n';

/**
 * A small element of a page that renders into the light DOM, i.e. into the page's own shadow root: a
 * label and its control, and an error summary and the fields it links to, must share one root (label/for
 * and ids do not cross shadow roots), and the page's styles apply as they did to the copied fragments.
 */
export abstract class LightElement extends LitElement {
  /** UI language. */
  @property({ attribute: false }) language: Lang = 'it';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }
}

/** The root the element sits in (the page's shadow root), where the ids it links to live. */
export function rootOf(el: Element): ParentNode {
  return el.getRootNode() as ParentNode;
}
