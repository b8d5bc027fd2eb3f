/** A tiny DOM builder: an element with attributes, listeners (on*) and children; text is escaped by the DOM. */
export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Readonly<Record<string, unknown>> = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value as EventListener);
    else if (name === 'className') element.className = String(value);
    else if (name in element && typeof value !== 'string') (element as unknown as Record<string, unknown>)[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(typeof child === 'number' ? String(child) : child);
  return element;
}

/** A status line (role status) and what sets it: muted, or red for an error. */
export function statusLine(id: string): { readonly element: HTMLParagraphElement; readonly say: (text: string, error?: boolean) => void } {
  const element = h('p', { id, className: 'muted', role: 'status' });
  return {
    element,
    say: (text, error = false) => {
      element.textContent = text;
      element.className = error ? 'error' : 'muted';
    },
  };
}

/** Replaces an element's children. */
export function fill(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  for (const child of children) if (child !== null && child !== undefined && child !== false) parent.append(typeof child === 'number' ? String(child) : child);
}
