// Shapes the 住院登记 pages use: the stays module's response schemas (type-only) and its live event.
import type { z } from 'zod';
import { EV } from '../../../../core/contract.js';
import type {
  DepositView,
  StayDetail,
  StayFormOptions,
  StaySummaryView,
  WardSettingsView,
} from '../../../../server/modules/stays/schema.js';

export type StaySummary = z.infer<typeof StaySummaryView>;
export type Stay = z.infer<typeof StayDetail>;
export type Deposit = z.infer<typeof DepositView>;
export type FormOptions = z.infer<typeof StayFormOptions>;
export type WardSettings = z.infer<typeof WardSettingsView>;

export const LIVE = { stayChanged: EV.stayChanged } as const;

export const DEPOSIT_METHODS = ['cash', 'wechat', 'alipay', 'card', 'transfer', 'cheque'] as const;
export type DepositMethodCode = (typeof DEPOSIT_METHODS)[number];
