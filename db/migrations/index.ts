// Every migration, by its date-prefixed name. Kysely runs them in name order.
// Listed explicitly so that migrations work the same from source (tsx) and from dist/.
import type { Migration } from 'kysely';
import * as m20261126001 from './2026-11-26-001-foundation.js';
import * as m20261126002 from './2026-11-26-002-outpatient.js';
import * as m20261126020 from './2026-11-26-020-registration.js';
import * as m20261126030 from './2026-11-26-030-doctor.js';
import * as m20261126040 from './2026-11-26-040-billing.js';
import * as m20261126041 from './2026-11-26-041-billing-locks.js';
import * as m20261126042 from './2026-11-26-042-billing-index.js';
import * as m20261126060 from './2026-11-26-060-printing.js';
import * as m20261126070 from './2026-11-26-070-equipment.js';
import * as m20261126080 from './2026-11-26-080-suppliers.js';
import * as m20261126090 from './2026-11-26-090-inventory.js';
import * as m20261126094 from './2026-11-26-094-stock-report-index.js';
import * as m20261207100 from './2026-12-07-100-hardening.js';
import * as m20261207110 from './2026-12-07-110-workstation-tokens.js';
import * as m20261207140 from './2026-12-07-140-search-keys.js';
import * as m20261207150 from './2026-12-07-150-invoice-usage.js';
import * as m20261207120 from './2026-12-07-120-pharmacy-review.js';
import * as m20261207160 from './2026-12-07-160-price-adjustment.js';
import * as m20261207170 from './2026-12-07-170-printing.js';
import * as m20261208100 from './2026-12-08-100-write-path-indexes.js';
import * as m20261208200 from './2026-12-08-200-insurance.js';
import * as m20261208210 from './2026-12-08-210-insurance-settlement.js';
import * as m20261208220 from './2026-12-08-220-insurance-catalog.js';
import * as m20261208230 from './2026-12-08-230-insurance-recon.js';
import * as m20261208300 from './2026-12-08-300-day-cursor-indexes.js';
import * as m20261209100 from './2026-12-09-100-stays.js';
import * as m20261209110 from './2026-12-09-110-beds.js';
import * as m20261209120 from './2026-12-09-120-stay-charges.js';
import * as m20261209200 from './2026-12-09-200-insurance-catalog-more.js';
import * as m20261209210 from './2026-12-09-210-insurance-recon-indexes.js';
import * as m20261209220 from './2026-12-09-220-insurance-call-retry.js';
import * as m20261209300 from './2026-12-09-300-order-line-fk-index.js';

export const migrations: Record<string, Migration> = {
  '2026-11-26-001-foundation': m20261126001,
  '2026-11-26-002-outpatient': m20261126002,
  '2026-11-26-020-registration': m20261126020,
  '2026-11-26-030-doctor': m20261126030,
  '2026-11-26-040-billing': m20261126040,
  '2026-11-26-041-billing-locks': m20261126041,
  '2026-11-26-042-billing-index': m20261126042,
  '2026-11-26-060-printing': m20261126060,
  '2026-11-26-070-equipment': m20261126070,
  '2026-11-26-080-suppliers': m20261126080,
  '2026-11-26-090-inventory': m20261126090,
  '2026-11-26-094-stock-report-index': m20261126094,
  '2026-12-07-100-hardening': m20261207100,
  '2026-12-07-110-workstation-tokens': m20261207110,
  '2026-12-07-140-search-keys': m20261207140,
  '2026-12-07-150-invoice-usage': m20261207150,
  '2026-12-07-120-pharmacy-review': m20261207120,
  '2026-12-07-160-price-adjustment': m20261207160,
  '2026-12-07-170-printing': m20261207170,
  '2026-12-08-100-write-path-indexes': m20261208100,
  '2026-12-08-200-insurance': m20261208200,
  '2026-12-08-210-insurance-settlement': m20261208210,
  '2026-12-08-220-insurance-catalog': m20261208220,
  '2026-12-08-230-insurance-recon': m20261208230,
  '2026-12-08-300-day-cursor-indexes': m20261208300,
  '2026-12-09-100-stays': m20261209100,
  '2026-12-09-110-beds': m20261209110,
  '2026-12-09-120-stay-charges': m20261209120,
  '2026-12-09-200-insurance-catalog-more': m20261209200,
  '2026-12-09-210-insurance-recon-indexes': m20261209210,
  '2026-12-09-220-insurance-call-retry': m20261209220,
  '2026-12-09-300-order-line-fk-index': m20261209300,
};
