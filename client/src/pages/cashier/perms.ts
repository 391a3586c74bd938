// The cashier station's permission checks, shared by its registry entry (station.ts) and its page.

/** Who may hand out invoice books (billing.invoice-books: the administrator and finance by default). */
export const canManageBooks = (p: Set<string>) => p.has('billing.invoice-books');
