// Settings: the only Kysely queries of this module. One row per key, a JSON value.
import type { Db } from '../../../db/connection.js';
import type { Trx } from '../../lib/uow.js';

type Q = Db | Trx;

export async function read(db: Q, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('settings').select('value_json').where('key', '=', key).executeTakeFirst();
  return r?.value_json;
}

export async function write(db: Q, key: string, valueJson: string, now: number, userId: number | null): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value_json: valueJson, updated_at: now, updated_by: userId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: valueJson, updated_at: now, updated_by: userId }))
    .execute();
}
