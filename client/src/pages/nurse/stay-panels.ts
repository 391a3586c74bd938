// The stay panels of the nurse station: other ward features show a stay's own panel from a bed card
// or the waiting list (e.g. the fee list and 补记账 of inpatient-charges, in its own file
// client/src/pages/nurse/charges-*.ts). A feature adds ONE import and ONE entry to STAY_PANELS; the
// board shows a button for each entry on the card's actions and opens the panel in a wide dialog.
// No entry, no button: nothing leads to an empty panel.
import type { FunctionComponent } from 'preact';
import { chargesPanel } from './charges-panel.js';
import type { BoardStay } from './types.js';

export interface StayPanelProps {
  stay: BoardStay;
  wardId: number;
  onClose: () => void;
}

export interface StayPanel {
  id: string;
  /** The button's label (already translated). */
  label: () => string;
  view: FunctionComponent<StayPanelProps>;
}

export const STAY_PANELS: StayPanel[] = [chargesPanel];
