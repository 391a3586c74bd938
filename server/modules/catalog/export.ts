// Excel export of the dictionary (导出): the columns of the import template, values as a person
// types them (是/否, 西药, prices in yuan with 2 decimals), one sheet.
import type { ItemKind } from '../../../db/schema.js';
import type { Db } from '../../../db/connection.js';
import { writeXlsx } from '../../lib/xlsx.js';
import { COLUMNS } from './columns.js';
import { KIND_WORDS } from './fields.js';
import * as repo from './repo.js';

export async function exportXlsx(db: Db, kind: ItemKind | undefined): Promise<Buffer> {
  const rows = await repo.allItems(db, kind);
  return writeXlsx([
    {
      name: kind ? KIND_WORDS[kind].zh : '收费项目',
      columns: COLUMNS.map((c) => ({
        header: c.header,
        value: c.write,
        width: c.width,
        ...(c.numFmt ? { numFmt: c.numFmt } : {}),
      })),
      rows,
    },
  ]);
}
