// Yuan typed in a field → fen for the API. A blank field is null; a text that is not a yuan amount is sent
// as typed so the server names the field in its answer (nothing is guessed).
import { formatYuan, parseYuan } from '../../../../core/money.js';

export { formatYuan };

export function fenOf(text: string): number | string | null {
  if (!text.trim()) return null;
  return parseYuan(text) ?? text;
}
