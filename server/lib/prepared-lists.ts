// Prepared queries over lists whose length varies (`where id in (…)`, multi-row VALUES): one
// prepared query (db/prepared.ts) per length, built on first use of that length. A list is
// passed as numbered parameters: `listParams('id', [4, 9])` → { id0: 4, id1: 9 }, and the
// builder names them with `listOf(p, 'id', n)`. Lengths above MAX_CACHED are built each time.
import type { Compilable } from 'kysely';
import { prepared, type Prepared, type Runner } from '../../db/prepared.js';

const MAX_CACHED = 64;

/** A prepared query per list length n (the builder gets n and must use exactly n list values). */
export function preparedBySize<P extends Record<string, unknown>, R>(
  build: (db: Runner, p: P, n: number) => Compilable<R>,
): (n: number) => Prepared<P, R> {
  const bySize = new Map<number, Prepared<P, R>>();
  return (n) => {
    let q = bySize.get(n);
    if (!q) {
      q = prepared((db, p: P) => build(db, p, n));
      if (n <= MAX_CACHED) bySize.set(n, q);
    }
    return q;
  };
}

/** The n placeholders of a list parameter inside a builder. */
export function listOf<T>(p: Record<string, unknown>, name: string, n: number): T[] {
  return Array.from({ length: n }, (_, i) => p[`${name}${i}`] as T);
}

/** The values of a list parameter, numbered as listOf names them. */
export function listParams(name: string, values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  values.forEach((v, i) => {
    out[`${name}${i}`] = v;
  });
  return out;
}
