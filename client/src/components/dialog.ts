// A modal dialog on the native <dialog> element: the page behind is inert, Esc closes it,
// focus lands in its first field and returns where it was when it closes.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { t } from '../i18n/index.js';

export function focusFirstField(root: ParentNode | null): void {
  if (!root) return;
  const el = root.querySelector<HTMLElement>(
    '[data-autofocus], input:not([type=hidden]):not([disabled]):not([readonly]), select:not([disabled]), ' +
      'textarea:not([disabled]), .dialog-body button:not([disabled])',
  );
  el?.focus();
}

/**
 * focusFirstField for a page that has just loaded, unless the cursor is already in a field of
 * `root`: the call runs one animation frame late (frames can be held back on a busy machine),
 * and by then the user may have clicked into another field and begun typing there.
 */
export function focusFirstFieldIfIdle(root: ParentNode | null): void {
  const a = document.activeElement;
  if (
    root &&
    a instanceof HTMLElement &&
    a !== document.body &&
    root.contains(a) &&
    a.matches('input, select, textarea, [contenteditable="true"]')
  )
    return;
  focusFirstField(root);
}

export function Dialog(props: { title: string; onClose: () => void; wide?: boolean; children?: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  useEffect(() => {
    const d = ref.current!;
    const before = document.activeElement as HTMLElement | null;
    const closed = () => onClose.current();
    d.addEventListener('close', closed);
    d.showModal();
    focusFirstField(d);
    return () => {
      d.removeEventListener('close', closed);
      if (d.open) d.close();
      if (before && document.contains(before)) before.focus();
    };
  }, []);
  return html`<dialog ref=${ref} class=${props.wide ? 'dialog dialog-wide' : 'dialog'} aria-label=${props.title}>
    <div class="dialog-head">
      <h2>${props.title}</h2>
      <button type="button" class="icon-btn" aria-label=${t('common.close')} title=${t('common.closeEsc')}
        onClick=${() => props.onClose()}>×</button>
    </div>
    <div class="dialog-body">${props.children}</div>
  </dialog>`;
}

/** A yes/no question; resolves through onAnswer. */
export function Confirm(props: {
  title: string;
  text: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onAnswer: (yes: boolean) => void;
}) {
  return html`<${Dialog} title=${props.title} onClose=${() => props.onAnswer(false)}>
    <p class="confirm-text">${props.text}</p>
    <div class="actions">
      <button type="button" class=${props.danger ? 'btn btn-danger' : 'btn btn-primary'} disabled=${props.busy}
        data-autofocus onClick=${() => props.onAnswer(true)}>${props.confirmLabel}</button>
      <button type="button" class="btn" onClick=${() => props.onAnswer(false)}>${t('common.cancel')}</button>
    </div>
  <//>`;
}
