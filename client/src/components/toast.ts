// Short notices in the corner: saved, failed, copied. They go away by themselves.
import { signal } from '@preact/signals';
import { html } from '../html.js';
import { t } from '../i18n/index.js';

export interface Toast {
  id: number;
  kind: 'ok' | 'error' | 'info';
  text: string;
}

export const toasts = signal<Toast[]>([]);
let nextId = 1;

export function toast(text: string, kind: Toast['kind'] = 'ok', ms = 4000): void {
  const id = nextId++;
  toasts.value = [...toasts.value, { id, kind, text }];
  setTimeout(() => dismiss(id), kind === 'error' ? ms * 2 : ms);
}

function dismiss(id: number) {
  toasts.value = toasts.value.filter((x) => x.id !== id);
}

export function Toasts() {
  return html`<div class="toasts" role="status" aria-live="polite">
    ${toasts.value.map(
      (x) => html`<div key=${x.id} class=${'toast toast-' + x.kind}>
        <span>${x.text}</span>
        <button type="button" class="toast-close" aria-label=${t('common.close')}
          onClick=${() => dismiss(x.id)}>×</button>
      </div>`,
    )}
  </div>`;
}
