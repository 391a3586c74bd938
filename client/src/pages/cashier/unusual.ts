// 异常金额 (issue 9 item 6): a line or a bill above the institution's thresholds asks the
// cashier to confirm before charging. The server refuses such a charge without
// confirmUnusual, so a double click or an API call cannot skip this dialog.
import { useEffect, useRef } from 'preact/hooks';
import { Dialog } from '../../components/dialog.js';
import { html } from '../../html.js';
import { scoped } from '../../i18n/scoped.js';
import { formatYuan } from './format.js';
import type { Unpaid } from './types.js';

const tr = scoped(
  {
    'unusual.title': '金额异常,请核对',
    'unusual.line': '“{name}”金额 ¥{v},超过单项提醒额 ¥{limit}',
    'unusual.bill': '本次合计 ¥{v},超过单次提醒额 ¥{limit}',
    'unusual.ask': '请与患者核对处方数量和金额;确认无误后再收费。',
    'unusual.confirm': '已核对,确认收费',
    'unusual.cancel': '返回核对',
  },
  {
    'unusual.title': 'Unusual amount: check it',
    'unusual.line': '"{name}" is ¥{v}, above the line warning of ¥{limit}',
    'unusual.bill': 'The total is ¥{v}, above the bill warning of ¥{limit}',
    'unusual.ask': 'Check the quantities and amounts with the patient; charge only once they are right.',
    'unusual.confirm': 'Checked: charge',
    'unusual.cancel': 'Back',
  },
);

export interface UnusualWarning {
  items: string[];
}

/** The warnings for the chosen orders (null when nothing is above the thresholds). */
export function unusualOf(data: Unpaid, chosen: Unpaid['orders'], dueFen: number): UnusualWarning | null {
  const w = data.unusual;
  if (!w) return null;
  const items: string[] = [];
  if (w.lineWarnFen > 0) {
    for (const o of chosen)
      for (const l of o.lines)
        if (l.amountFen > w.lineWarnFen)
          items.push(
            tr('unusual.line', { name: l.name, v: formatYuan(l.amountFen), limit: formatYuan(w.lineWarnFen) }),
          );
  }
  if (w.billWarnFen > 0 && dueFen > w.billWarnFen)
    items.push(tr('unusual.bill', { v: formatYuan(dueFen), limit: formatYuan(w.billWarnFen) }));
  return items.length ? { items } : null;
}

export function UnusualDialog(props: {
  warning: UnusualWarning;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  // The cancel button takes the focus: Enter held down from the charge does not confirm by itself.
  const back = useRef<HTMLButtonElement>(null);
  useEffect(() => back.current?.focus(), []);
  return html`<${Dialog} title=${tr('unusual.title')} onClose=${props.onClose}>
    <div class="notice" role="alert" data-testid="unusual">
      <ul>${props.warning.items.map((s) => html`<li key=${s}>${s}</li>`)}</ul>
    </div>
    <p>${tr('unusual.ask')}</p>
    <div class="actions">
      <button type="button" class="btn btn-primary" data-testid="unusual-confirm" disabled=${props.busy}
        onClick=${props.onConfirm}>${tr('unusual.confirm')}</button>
      <button type="button" class="btn" ref=${back} onClick=${props.onClose}>${tr('unusual.cancel')}</button>
    </div>
  <//>`;
}
