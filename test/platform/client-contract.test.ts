// The client keeps to the realtime contract (issue 10 item 2): an event is named by its constant
// (EV.orderSigned, never the string 'order:signed') and its payload is typed by the name
// (onEvent / useLive / StoredEnvelope), so no page writes an event name or casts a payload.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { EV } from '../../core/contract.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NAMES = new Set<string>(Object.values(EV));

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.ts$/.test(d.name) && !/\.types\.ts$/.test(d.name) ? [p] : [];
  });
}

/** `file:line: text` of every event-name literal and payload cast in these files. */
export function violations(files: Array<{ file: string; text: string }>): string[] {
  const out: string[] = [];
  for (const { file, text } of files) {
    text.split('\n').forEach((line, i) => {
      const names = [...line.matchAll(/'([a-z-]+:[a-z-]+)'/g)].map((m) => m[1]!).filter((n) => NAMES.has(n));
      // A payload cast, or a cast of the whole envelope (`env as AnyEnvelope<K>`, `as StoredEnvelope`).
      const cast = /\bpayload\s+as\s/.test(line) || /\b(env|envelope)\s+as\s|\bas\s+\w*Envelope\b/.test(line);
      if (names.length || cast) out.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

describe('client: events by their contract constants, payloads without casts', () => {
  it('no client file writes an event name as a string or casts a payload', () => {
    const files = [...sources(path.join(ROOT, 'client/src')), ...sources(path.join(ROOT, 'client/display'))].map(
      (f) => ({ file: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }),
    );
    expect(files.length).to.be.greaterThan(50);
    expect(violations(files)).to.deep.equal([]);
  });

  it('catches a deliberate violation', () => {
    const bad = [
      {
        file: 'a.ts',
        text: "onEvent('order:signed', (env) => {\n  const p = env.payload as { orderId: number };\n});",
      },
      { file: 'b.ts', text: "const room = 'pharmacy:3';\nonEvent(EV.orderSigned, (env) => env.payload.orderId);" },
      { file: 'c.ts', text: 'onEvent(n, (env) => fn(env as AnyEnvelope<K>));\nconst e = x as StoredEnvelope;' },
    ];
    expect(violations(bad)).to.deep.equal([
      "a.ts:1: onEvent('order:signed', (env) => {",
      'a.ts:2: const p = env.payload as { orderId: number };',
      'c.ts:1: onEvent(n, (env) => fn(env as AnyEnvelope<K>));',
      'c.ts:2: const e = x as StoredEnvelope;',
    ]);
  });
});
