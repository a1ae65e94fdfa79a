/** Registers a custom element once (a second load of the bundle, e.g. a hot reload, must not throw). */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
