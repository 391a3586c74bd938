// What a desk shows of an ID or social security card number read from a card or typed for an
// insurer look-up (issue 11): 330782********6270 — an ID number's first 6 (the area) and last 4, as
// the registration desk and the cashier both show it; a card number (QS******3701) its first 2 and
// last 4; the full number is only sent.
export function maskCertNo(no: string): string {
  const n = no.trim();
  if (n.length >= 15) return n.slice(0, 6) + '*'.repeat(n.length - 10) + n.slice(-4);
  if (n.length >= 9) return n.slice(0, 2) + '*'.repeat(n.length - 6) + n.slice(-4);
  if (n.length > 4) return n.slice(0, 1) + '*'.repeat(n.length - 3) + n.slice(-2);
  return '*'.repeat(n.length);
}
