// First-expiry-first-out allocation (pure: no database). Lots come sorted by expiry date,
// then id. Expired lots (expiry date before today) are never allocated; empty lots are skipped.
// Several lines of the same item draw from the same lots in turn.

export interface Lot {
  id: number;
  itemId: number;
  lotNo: string;
  expiryDate: string;
  qty: number;
}

export interface LineNeed {
  orderLineId: number;
  itemId: number;
  quantity: number;
}

export interface Allocation {
  lotId: number;
  lotNo: string;
  expiryDate: string;
  quantity: number;
}

export interface LinePlan {
  orderLineId: number;
  itemId: number;
  quantity: number;
  allocations: Allocation[];
  /** Usable (non-expired) stock left for this line when its turn came. */
  available: number;
  /** Stock of this item in expired lots (shown, never dispensed). */
  expired: number;
  short: number;
}

export function isExpired(expiryDate: string, today: string): boolean {
  return expiryDate < today;
}

/** Plans every line; `short` > 0 on a line means there is not enough usable stock for it. */
export function planFefo(lines: LineNeed[], lots: Lot[], today: string): LinePlan[] {
  const left = new Map<number, number>();
  for (const l of lots) left.set(l.id, l.qty);
  return lines.map((line) => {
    const mine = lots.filter((l) => l.itemId === line.itemId);
    const usable = mine.filter((l) => !isExpired(l.expiryDate, today));
    const expired = mine.filter((l) => isExpired(l.expiryDate, today)).reduce((s, l) => s + l.qty, 0);
    const available = usable.reduce((s, l) => s + (left.get(l.id) ?? 0), 0);
    let need = line.quantity;
    const allocations: Allocation[] = [];
    for (const lot of usable) {
      if (need === 0) break;
      const have = left.get(lot.id) ?? 0;
      if (have <= 0) continue;
      const take = Math.min(have, need);
      allocations.push({ lotId: lot.id, lotNo: lot.lotNo, expiryDate: lot.expiryDate, quantity: take });
      left.set(lot.id, have - take);
      need -= take;
    }
    if (need > 0) {
      // Not enough: give the stock back so a later line of the same item sees the truth.
      for (const a of allocations) left.set(a.lotId, (left.get(a.lotId) ?? 0) + a.quantity);
    }
    return {
      orderLineId: line.orderLineId,
      itemId: line.itemId,
      quantity: line.quantity,
      allocations: need > 0 ? [] : allocations,
      available,
      expired,
      short: need,
    };
  });
}

/** Splits a quantity in smallest units into whole packs and loose units. */
export function packs(quantity: number, packSize: number): { packs: number; units: number } {
  return { packs: Math.floor(quantity / packSize), units: quantity % packSize };
}
