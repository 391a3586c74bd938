// The devices page (设备 / 读卡器): every card reader the box has seen (and those bound to a
// workstation), its binding, its state, the last card read (masked) and a test read.
// Live: reloads on device:reader-changed (admin room) and workstation changes.
import { useState } from 'preact/hooks';
import { CARD_EVENTS, EVENTS } from '../../../../core/contract.js';
import { ApiError, post, type ResponseOf } from '../../api.js';
import { get } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { Badge } from '../../components/table.js';
import { toast } from '../../components/toast.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { lang } from '../../i18n/index.js';
import { dateTimeSecondsText } from '../../time.js';
import { t, type DevKey } from './i18n.js';
import type {
  MaskedRead as MaskedReadOut,
  ReaderList as ReaderListOut,
  TestReadResult,
} from '../../../../server/modules/devices/schema.js';
import type { z } from 'zod';

type MaskedRead = z.infer<typeof MaskedReadOut>;
type ReaderList = z.infer<typeof ReaderListOut>;

const STATE_KIND = { 'no-card': 'info', 'card-present': 'ok', reading: 'info', error: 'warn', gone: 'off' } as const;

const time = (ms: number) => dateTimeSecondsText(ms);

function readText(r: MaskedRead): string {
  const profile = t(('profile.' + r.profile) as DevKey) ?? r.profile;
  if (r.person) return `${r.person.name} ${r.person.idNumber}`;
  return t('testRead.noPerson', { profile, uid: r.uid ?? '' });
}

export function DevicesPage() {
  const list = useResource(() => get<ReaderList>('/api/devices/readers'), []);
  useLive([CARD_EVENTS.readerChanged, EVENTS.workstationChanged], list.reload);
  const [busy, setBusy] = useState<string | null>(null);
  const [results, setResults] = useState<Record<string, string>>({});

  const testRead = async (name: string) => {
    setBusy(name);
    try {
      const r = await post<ResponseOf<typeof TestReadResult>>(
        `/api/devices/readers/${encodeURIComponent(name)}/test-read`,
      );
      const text = r.read.person ? t('testRead.ok', { who: readText(r.read) }) : readText(r.read);
      setResults((x) => ({ ...x, [name]: text }));
      toast(text, 'ok');
      list.reload();
    } catch (e) {
      const msg = e instanceof ApiError ? e.message : String(e);
      setResults((x) => ({ ...x, [name]: msg }));
      toast(msg, 'error');
    } finally {
      setBusy(null);
    }
  };

  const data = list.data;
  const svc = data?.service;
  return html`<div class="page devices-page">
    <${PageHead} title=${t('page.title')} />
    ${
      svc
        ? html`<p class=${svc.state === 'up' ? 'small muted' : 'form-error'} data-service=${svc.state}>
          ${t('service', { state: t(('service.' + (svc.mode === 'off' ? 'off' : svc.state)) as DevKey) })}${
            svc.detail ? ` — ${svc.detail}` : ''
          }
        </p>`
        : null
    }
    ${list.loading && !data ? html`<p class="muted">${t('loading')}</p>` : null}
    ${list.error ? html`<div class="form-error" role="alert">${list.error.message}</div>` : null}
    ${data && data.readers.length === 0 ? html`<p class="muted">${t('none')}</p>` : null}
    ${
      data && data.readers.length
        ? html`<table class="data" aria-label=${t('page.title')}>
          <thead>
            <tr>
              <th>${t('col.name')}</th><th>${t('col.binding')}</th><th>${t('col.state')}</th><th>${t('col.last')}</th>
                <th>${t('col.error')}</th><th>${t('col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.readers.map(
              (r) => html`<tr key=${r.name} data-reader=${r.name} data-state=${r.state}>
                <td class="mono">${r.name}</td>
                <td>${
                  r.workstations.length
                    ? r.workstations.map((w) => w.name).join('、')
                    : html`<span
                  class="muted">${t('unbound')}</span>`
                }</td>
                <td><${Badge} kind=${STATE_KIND[r.state]}>${t(('state.' + r.state) as DevKey)}<//>${
                  r.atr
                    ? html`<div
                  class="small mono" data-atr=${r.atr}>ATR ${r.atr}</div>`
                    : null
                }</td>
                <td class="last-read">${
                  r.lastRead
                    ? html`<span>${readText(r.lastRead)}</span> <span
                  class="small muted">${time(r.lastRead.at)}</span>`
                    : '—'
                }</td>
                <td class="small">
                  ${
                    r.error && (r.state === 'error' || r.state === 'gone' || r.error.code === 'unknown_card')
                      ? lang.value === 'en'
                        ? r.error.message.en
                        : r.error.message.zh
                      : ''
                  }
                  ${
                    r.error?.atr && r.error.code === 'unknown_card'
                      ? html`<div class="mono"
                    data-unknown-atr=${r.error.atr}>ATR ${r.error.atr}</div>`
                      : null
                  }
                </td>
                <td>
                  <button type="button" class="btn btn-small" disabled=${busy !== null || r.state === 'gone'}
                    onClick=${() => void testRead(r.name)}>${t('testRead')}</button>
                  ${results[r.name] ? html`<div class="small test-result">${results[r.name]}</div>` : null}
                </td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : null
    }
  </div>`;
}
