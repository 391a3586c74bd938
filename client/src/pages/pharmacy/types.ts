// The pharmacy API's shapes: the server's own types, inferred from its zod schemas
// (server/modules/pharmacy/schema.ts; type-only, nothing of the server is bundled).
export type {
  Allocation,
  DispenseResult,
  PickLine,
  PickView,
  QueueView,
  Rx,
  RxLine,
  StockItem,
  StockLot,
  StockView,
} from '../../../../server/modules/pharmacy/schema.js';

/** A pharmacy the user may pick (the page's own choice list). */
export interface PharmacyChoice {
  id: number;
  name: string;
}
