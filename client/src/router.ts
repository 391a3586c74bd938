// A small history-API router: the current path is a signal; links navigate without reloads.
import { signal } from '@preact/signals';
import { html } from './html.js';
import type { ComponentChildren } from 'preact';

export const currentPath = signal(location.pathname);

window.addEventListener('popstate', () => {
  currentPath.value = location.pathname;
});

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to !== location.pathname + location.search) {
    if (opts.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
  }
  currentPath.value = location.pathname;
}

export function Link(props: { href: string; class?: string; children?: ComponentChildren; 'aria-current'?: string }) {
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return html`<a href=${props.href} class=${props.class} aria-current=${props['aria-current']}
    onClick=${onClick}>${props.children}</a>`;
}
