// The demo center's wards and beds (issue 12): the bed fee items in the catalog (床位费 普通/单人间,
// 取暖费, through catalog's commands), 住院一病区 (内科) with 30 beds in 10 rooms and a new 外科病区 with
// 20 beds in 5 rooms (through beds' own service, as the 病区床位设置 page does), and the demo's waiting
// stays (the stays demo, which runs before) placed in beds by the ward's nurse — all but the last two
// of each ward, which stay on the nurse station's waiting list. Idempotent under the settings key
// 'demo.beds'.
import type { Db } from '../db/connection.js';
import { pinyinKeys, searchWords } from '../db/pinyin.js';
import type { Clock } from '../server/lib/clock.js';
import { createBedsService } from '../server/modules/beds/index.js';
import { insertItemsIfMissing } from '../server/modules/catalog/index.js';
import { insertDepartment } from '../server/modules/departments/index.js';
import { readSetting, writeSetting } from '../server/modules/settings/index.js';
import { actorOf, historyContext } from './history-demo.js';

export const BEDS_DEMO_KEY = 'demo.beds';

const FEES = [
  { code: 'CW0001', name: '床位费(普通)', priceFen: 2500 },
  { code: 'CW0002', name: '床位费(单人间)', priceFen: 6000 },
  { code: 'CW0003', name: '取暖费', priceFen: 500 },
];

/** Ward code → its name (when the demo has to add it), rooms and beds per room. */
const WARDS = [
  { code: 'ZY1', name: '住院一病区', location: '住院楼二层', firstRoom: 201, rooms: 10, perRoom: 3, single: 210 },
  { code: 'ZY2', name: '外科病区', location: '住院楼三层', firstRoom: 301, rooms: 5, perRoom: 4, single: 0 },
];

export interface BedsDemoResult {
  beds: number;
  placed: number;
}

/** Seeds the wards' rooms, beds and bed fees and places the waiting demo stays; null when done before. */
export async function seedBedsDemo(deps: { db: Db; clock: Clock }): Promise<BedsDemoResult | null> {
  const { db } = deps;
  if (await readSetting(db, BEDS_DEMO_KEY)) return null;
  const admin = (await actorOf(db, 'admin1')) ?? (await actorOf(db, 'admin'));
  if (!admin) return null;
  const m = historyContext(db, deps.clock);
  const beds = createBedsService(m);
  // The bed fee items (service items of category 01 床位费), and the surgical ward.
  await m.uow.write(async (tx) => {
    await insertItemsIfMissing(
      tx.db,
      FEES.map((f) => {
        const py = pinyinKeys(f.name);
        return {
          code: f.code,
          kind: 'service' as const,
          name: f.name,
          spec: null,
          dosage_form: null,
          manufacturer: null,
          unit: '日',
          pack_unit: '日',
          pack_size: 1,
          price_fen: f.priceFen,
          charge_category: '01' as const,
          drug_class: null,
          antibiotic_tier: null,
          controlled_class: null,
          essential: 0 as const,
          dose_per_unit: null,
          default_dose: null,
          dose_unit: null,
          default_frequency: null,
          default_route: null,
          pinyin_initials: py.initials,
          pinyin_full: py.full,
          search_words: searchWords(f.name),
          approval_no: null,
          purchase_price_fen: null,
          created_at: tx.now,
          updated_at: tx.now,
        };
      }),
    );
    for (const w of WARDS) {
      const exists = await tx.db.selectFrom('departments').select('id').where('code', '=', w.code).executeTakeFirst();
      if (exists) continue;
      const py = pinyinKeys(w.name);
      const row = {
        code: w.code,
        name: w.name,
        kind: 'ward' as const,
        pinyin_initials: py.initials,
        pinyin_full: py.full,
        phone: null,
        location: w.location,
        created_at: tx.now,
        updated_at: tx.now,
      };
      const id = await insertDepartment(tx.db, row);
      await tx.audit(admin, { action: 'department.create', entity: 'department', entityId: id, after: row });
    }
  });
  const fee = new Map(
    (
      await db
        .selectFrom('catalog_items')
        .select(['id', 'code'])
        .where(
          'code',
          'in',
          FEES.map((f) => f.code),
        )
        .execute()
    ).map((r) => [r.code, r.id]),
  );
  let made = 0;
  let placed = 0;
  for (const w of WARDS) {
    const ward = await db.selectFrom('departments').select('id').where('code', '=', w.code).executeTakeFirstOrThrow();
    // Rooms and beds once (a ward set up by hand before is left as it is).
    const rooms = (await beds.setup(ward.id)).rooms.length ? 0 : w.rooms;
    for (let r = 0; r < rooms; r++) {
      const code = String(w.firstRoom + r);
      const room = await beds.createRoom(admin, ward.id, { code, name: `${code}室` });
      const single = w.firstRoom + r === w.single;
      const first = r * w.perRoom + 1;
      const made1 = await beds.bulkCreate(admin, ward.id, {
        roomId: room.id,
        prefix: '',
        from: first,
        to: first + w.perRoom - 1,
        type: 'normal',
        items: [
          { catalogItemId: fee.get(single ? 'CW0002' : 'CW0001')!, quantity: 1 },
          { catalogItemId: fee.get('CW0003')!, quantity: 1 },
        ],
      });
      made += made1.beds.length;
    }
    // The ward's waiting stays (the stays demo's) into its free beds, by a nurse of the ward.
    const nurse = (await actorOf(db, w.code === 'ZY1' ? 'nurse2' : 'nurse3')) ?? (await actorOf(db, 'nurse1')) ?? admin;
    const board = await beds.board(ward.id);
    const waiting = board.stays.filter((s) => s.state === 'pending').sort((a, b) => a.admittedAt - b.admittedAt);
    const free = board.beds.filter((b) => b.state === 'free');
    const doctor = board.doctors.find((d) => d.mine) ?? board.doctors[0];
    const nurseStaff = board.nurses.find((n) => n.mine) ?? board.nurses[0];
    for (const [i, s] of waiting.slice(0, Math.max(0, waiting.length - 2)).entries()) {
      const bed = free[i * 2];
      if (!bed) break;
      await beds.place(nurse, bed.id, {
        stayId: s.id,
        version: bed.version,
        attendingDoctorId: doctor?.id ?? null,
        residentDoctorId: doctor?.id ?? null,
        nurseId: nurseStaff?.id ?? null,
      });
      placed++;
    }
  }
  await m.uow.write((tx) => writeSetting(tx.db, BEDS_DEMO_KEY, JSON.stringify({ beds: made, placed }), tx.now, null));
  return { beds: made, placed };
}
