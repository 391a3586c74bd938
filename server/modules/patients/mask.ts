// Masked display of identifiers (PIPL: minimum access). Users without
// patients.identifiers see "1101**********002X" and "138****1234".

export function maskIdNumber(v: string | null): string | null {
  if (!v) return v;
  if (v.length <= 8) return v.slice(0, 1) + '*'.repeat(Math.max(0, v.length - 2)) + v.slice(-1);
  return v.slice(0, 4) + '*'.repeat(v.length - 8) + v.slice(-4);
}

export function maskPhone(v: string | null): string | null {
  if (!v) return v;
  if (v.length <= 7) return v.slice(0, 1) + '*'.repeat(Math.max(0, v.length - 3)) + v.slice(-2);
  return v.slice(0, 3) + '*'.repeat(v.length - 7) + v.slice(-4);
}

/** Text that contains a mask character is a masked value sent back, never a real one. */
export const isMasked = (v: string | null | undefined): boolean => !!v && v.includes('*');
