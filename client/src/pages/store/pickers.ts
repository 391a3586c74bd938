// Keyboard-first search pickers (combobox + listbox): type code, name or pinyin initials,
// ↑/↓ to move, Enter to take, Esc to close. Used for items and suppliers.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { ApiError, get } from '../../api.js';
import { useDebounced } from '../../hooks.js';
import { html } from '../../html.js';
import { t } from './i18n.js';
import type { ItemRef, Items, SupplierRef } from './types.js';

let uid = 0;

export function Combobox<T>(props: {
  name: string;
  label: string;
  /** Text shown when nothing is being typed (the chosen entry). */
  display: string;
  search: (q: string) => Promise<T[]>;
  optionKey: (o: T) => number;
  renderOption: (o: T) => ComponentChildren;
  onPick: (o: T) => void;
  placeholder?: string;
  invalid?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  const [id] = useState(() => `cb-${props.name.replace(/\W/g, '-')}-${++uid}`);
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [options, setOptions] = useState<T[]>([]);
  const [error, setError] = useState<string | null>(null);
  const dq = useDebounced(text ?? '', 200);
  const gen = useRef(0);
  const input = useRef<HTMLInputElement>(null);
  // Closing after a blur waits a moment (a click on an option lands first); focus or typing again cancels it.
  const blurTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const keepOpen = () => clearTimeout(blurTimer.current);
  useEffect(() => keepOpen, []);
  useEffect(() => {
    if (!open) return;
    const my = ++gen.current;
    props.search(dq.trim()).then(
      (r) => {
        if (my !== gen.current) return;
        setOptions(r);
        setActive(0);
        setError(null);
      },
      (e: unknown) => {
        if (my !== gen.current) return;
        setOptions([]);
        setError(e instanceof ApiError ? e.message : t('error.unexpected'));
      },
    );
  }, [dq, open]);
  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);
  const pick = (o: T) => {
    props.onPick(o);
    setText(null);
    setOpen(false);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => Math.min(a + 1, Math.max(0, options.length - 1)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && options[active]) {
        e.preventDefault();
        pick(options[active]!);
      } else if (open) e.preventDefault();
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      setText(null);
    }
  };
  const listId = id + '-list';
  const shown = open && (options.length > 0 || error !== null || dq.length > 0);
  return html`<div class="combo">
    <input
      ref=${input}
      id=${id}
      name=${props.name}
      type="text"
      role="combobox"
      aria-label=${props.label}
      aria-autocomplete="list"
      aria-expanded=${shown ? 'true' : 'false'}
      aria-controls=${listId}
      aria-activedescendant=${shown && options[active] ? `${id}-o${props.optionKey(options[active]!)}` : undefined}
      aria-invalid=${props.invalid ? 'true' : undefined}
      autocomplete="off"
      disabled=${props.disabled}
      placeholder=${props.placeholder ?? t('picker.hint')}
      value=${text ?? props.display}
      onFocus=${(e: Event) => {
        keepOpen();
        (e.currentTarget as HTMLInputElement).select();
      }}
      onInput=${(e: Event) => {
        keepOpen();
        setText((e.currentTarget as HTMLInputElement).value);
        setOpen(true);
      }}
      onKeyDown=${onKey}
      onBlur=${() => {
        keepOpen();
        blurTimer.current = setTimeout(() => {
          setOpen(false);
          setText(null);
        }, 150);
      }}
    />
    ${
      shown
        ? html`<ul class="combo-list" id=${listId} role="listbox" aria-label=${props.label}>
          ${error ? html`<li class="combo-empty" role="alert">${error}</li>` : null}
          ${!error && options.length === 0 ? html`<li class="combo-empty">${t('picker.none')}</li>` : null}
          ${options.map(
            (o, i) => html`<li
              key=${props.optionKey(o)}
              id=${`${id}-o${props.optionKey(o)}`}
              role="option"
              aria-selected=${i === active ? 'true' : 'false'}
              class=${i === active ? 'combo-opt combo-on' : 'combo-opt'}
              onMouseDown=${(e: MouseEvent) => (e.preventDefault(), pick(o))}
            >
              ${props.renderOption(o)}
            </li>`,
          )}
        </ul>`
        : null
    }
  </div>`;
}

/** Drugs and materials (services carry no stock). */
export function ItemPicker(props: {
  name: string;
  label: string;
  item: ItemRef | null;
  onPick: (i: ItemRef) => void;
  invalid?: boolean;
  disabled?: boolean;
  autoFocus?: boolean;
}) {
  return html`<${Combobox}
    name=${props.name}
    label=${props.label}
    display=${props.item ? `${props.item.name}${props.item.spec ? ' ' + props.item.spec : ''}` : ''}
    search=${async (q: string) =>
      (await get<Items<ItemRef>>('/api/catalog/items', { q, limit: 30 })).items.filter((i) => i.kind !== 'service')}
    optionKey=${(i: ItemRef) => i.id}
    renderOption=${(i: ItemRef) => html`<span class="mono small">${i.code}</span> <strong>${i.name}</strong> <span
      class="small muted">${i.spec ?? ''} · ${i.packSize}${i.unit}/${i.packUnit}</span>`}
    onPick=${props.onPick}
    invalid=${props.invalid}
    disabled=${props.disabled}
    autoFocus=${props.autoFocus}
  />`;
}

export function SupplierPicker(props: {
  name: string;
  label: string;
  supplier: { id: number; name: string } | null;
  onPick: (s: SupplierRef) => void;
  invalid?: boolean;
  disabled?: boolean;
}) {
  return html`<${Combobox}
    name=${props.name}
    label=${props.label}
    display=${props.supplier?.name ?? ''}
    search=${async (q: string) => (await get<Items<SupplierRef>>('/api/suppliers/pick', { q })).items.slice(0, 30)}
    optionKey=${(s: SupplierRef) => s.id}
    renderOption=${(s: SupplierRef) => html`<span class="mono small">${s.code}</span> <strong>${s.name}</strong> <span
      class="small muted">${s.pinyinInitials}</span>`}
    onPick=${props.onPick}
    invalid=${props.invalid}
    disabled=${props.disabled}
  />`;
}
