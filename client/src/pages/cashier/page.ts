// The cashier station (收费): charging (划价收费), today's bills with refunds (退费), the shift
// (交班/日结) and, for the finance office, invoice books (票据号段). Alt+1…4 switch tabs,
// F3 finds a patient, F6 payer, F7–F10 payment method, Enter charges.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api.js';
import { PageHead } from '../../components/layout.js';
import { Link } from '../../router.js';
import { useLive, useResource } from '../../hooks.js';
import { html } from '../../html.js';
import { can, permissions } from '../../session.js';
import { joinRooms } from '../../socket.js';
import { BillsPanel } from './bills.js';
import { BooksPanel } from './books.js';
import { ChargePanel } from './charge.js';
import { t } from './i18n.js';
import { useRefusedNotice } from './refused.js';
import { ShiftPanel } from './shift.js';
import { canManageBooks } from './perms.js';
import { LIVE, type BillSummary } from './types.js';

type Tab = 'charge' | 'bills' | 'shift' | 'books';

export function CashierPage() {
  const cashier = can('billing.charge');
  const manager = canManageBooks(permissions.value);
  const tabs: Tab[] = [
    ...(cashier ? (['charge', 'bills', 'shift'] as Tab[]) : []),
    ...(manager ? (['books'] as Tab[]) : []),
  ];
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'charge');
  // Snapshots are (re)loaded once the live link has joined the cashier room, so no event
  // falls between a snapshot and the join.
  const [epoch, setEpoch] = useState(0);
  useEffect(() => (cashier ? joinRooms(['cashier'], () => setEpoch((e) => e + 1)) : undefined), []);
  // '' = today (the server's business day); another day to find an older bill to refund.
  const [day, setDay] = useState('');
  const bills = useResource(
    () => (cashier ? get<{ items: BillSummary[] }>('/api/billing/bills', { day }) : Promise.resolve({ items: [] })),
    [epoch, day],
  );
  useLive(
    [LIVE.billPaid, LIVE.billRefunded, LIVE.invoiceChanged, LIVE.dispenseCompleted, LIVE.dispenseReturned],
    bills.reload,
  );
  useRefusedNotice(bills.reload);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (document.querySelector('dialog[open]')) return;
      if (e.altKey && /^[1-4]$/.test(e.key)) {
        const next = (['charge', 'bills', 'shift', 'books'] as Tab[])[Number(e.key) - 1]!;
        if (tabs.includes(next)) {
          e.preventDefault();
          setTab(next);
        }
      } else if (e.key === 'F3' && tabs.includes('charge')) {
        e.preventDefault();
        setTab('charge');
        setTimeout(() => (document.querySelector('input[name="patientQuery"]') as HTMLInputElement | null)?.focus(), 0);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tabs.join(',')]);

  const label = (k: Tab) =>
    k === 'bills' ? t('tab.bills', { n: bills.data?.items.length ?? 0 }) : t(('tab.' + k) as 'tab.charge');
  return html`<div class="page cashier">
    <${PageHead} title=${t('page.title')}>${
      can('inpatient.admit') ? html`<${Link} href="/cashier/stays" class="btn">${t('page.stays')}<//>` : null
    }${
      can('insurance.reconcile')
        ? html`<${Link} href="/cashier/insurance-recon" class="btn">${t('page.recon')}<//>`
        : null
    }<//>
    <div class="tabs" role="tablist" aria-label=${t('page.title')}>
      ${tabs.map(
        (k) => html`<button type="button" role="tab" key=${k} id=${'cs-tab-' + k} aria-selected=${
          tab === k ? 'true' : 'false'
        } class=${tab === k ? 'tab tab-on' : 'tab'} onClick=${() => setTab(k)}>
          ${label(k)}
        </button>`,
      )}
    </div>
    <div role="tabpanel" aria-labelledby=${'cs-tab-' + tab}>
      <div hidden=${tab !== 'charge'}>${
        cashier ? html`<${ChargePanel} active=${tab === 'charge'} epoch=${epoch} />` : null
      }</div>
      ${
        tab === 'bills'
          ? html`<${BillsPanel} bills=${bills.data?.items} loading=${bills.loading} error=${bills.error}
        onChanged=${bills.reload} day=${day} onDay=${setDay} />`
          : null
      }
      ${tab === 'shift' ? html`<${ShiftPanel} epoch=${epoch} />` : null}
      ${tab === 'books' ? html`<${BooksPanel} />` : null}
    </div>
  </div>`;
}
