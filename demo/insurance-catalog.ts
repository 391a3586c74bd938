// The demo's insurer catalogs and matches (issue 11 item 4), so that the demo center settles
// insured patients out of the box: through the real module and the real adapter, it downloads
// the insurer's catalogs (1301/1302/1305/1306/1307 and 1312) from the configured gateway (the
// simulator), smart-matches the demo's drugs, services and materials, confirms the proposals
// scoring ≥ 90 as a storekeeper and has an administrator review them (匹配审核 by another user),
// uploads them (3301), sets the departments' 科别 and the diagnoses' insurer codes from the smart
// proposals (≥ 90), and gives every physician and nurse a demo 医保医师/护士国家码 (D/N + the area
// code + a serial). Lower-scored proposals stay proposed: the matching page shows them.
// Runs only when the demo's 接口设置 are enabled with a gateway (the insurance demo step sets them);
// when the gateway does not answer (the simulator not started yet) it changes nothing else and
// returns `{ skipped }` — nothing is marked, so the next `seed-demo` tries again. Idempotent: the
// settings key 'demo.insurance-catalog' marks it done.
import type { Actor } from '../server/http/actor.js';
import type { AuditWho } from '../server/lib/uow.js';
import { createInsuranceCatalogService } from '../server/modules/insurance-catalog/index.js';
import { writeSetting } from '../server/modules/settings/index.js';
import type { DemoSeedDeps } from './demo.js';
import { DEMO_AREA_CODE } from './demo-data.js';

export const INSURANCE_CATALOG_DEMO_KEY = 'demo.insurance-catalog';
const SYSTEM: AuditWho = { userId: null, username: 'system', ip: null, workstationId: null };

export interface InsuranceCatalogDemoResult {
  downloaded: number;
  matched: number;
  uploaded: number;
  departments: number;
  diseases: number;
  staff: number;
}

async function actorOf(deps: DemoSeedDeps, role: string, not?: number): Promise<Actor | null> {
  let q = deps.db
    .selectFrom('users as u')
    .innerJoin('user_roles as ur', 'ur.user_id', 'u.id')
    .innerJoin('roles as r', 'r.id', 'ur.role_id')
    .innerJoin('staff as s', 's.id', 'u.staff_id')
    .select(['u.id', 'u.username', 's.id as staff_id', 's.name', 's.department_id'])
    .where('r.code', '=', role)
    .where('u.active', '=', 1);
  if (not !== undefined) q = q.where('u.id', '<>', not);
  const u = await q.orderBy('u.id').executeTakeFirst();
  if (!u) return null;
  return {
    userId: u.id,
    username: u.username,
    staffId: u.staff_id,
    staffName: u.name,
    departmentId: u.department_id,
    roles: [role],
    permissions: new Set(['insurance.catalog', 'insurance.catalog-review']),
    sessionId: 'demo-seed',
    mustChangePassword: false,
    ip: null,
    workstationId: null,
    lang: 'zh',
  };
}

export async function seedInsuranceCatalogDemo(
  deps: DemoSeedDeps,
): Promise<InsuranceCatalogDemoResult | { skipped: string } | null> {
  const done = await deps.db
    .selectFrom('settings')
    .select('key')
    .where('key', '=', INSURANCE_CATALOG_DEMO_KEY)
    .executeTakeFirst();
  if (done) return null;
  const cfg = await deps.db
    .selectFrom('insurance_config')
    .select(['enabled', 'gateway_url'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!cfg || cfg.enabled !== 1 || !cfg.gateway_url) return { skipped: 'no insurer gateway set' };
  const matcher = (await actorOf(deps, 'storekeeper')) ?? (await actorOf(deps, 'admin'));
  const reviewer = matcher && (await actorOf(deps, 'admin', matcher.userId));
  if (!matcher || !reviewer) return { skipped: 'no storekeeper and administrator to match and review' };
  const s = createInsuranceCatalogService(deps);

  let downloaded = 0;
  try {
    for (const infno of ['1301', '1302', '1305', '1306', '1307', '1312'] as const)
      downloaded += (await s.download(matcher, infno)).rows;
  } catch (e) {
    return { skipped: `the insurer gateway did not answer the downloads: ${(e as Error).message}` };
  }

  let matched = 0;
  for (const kind of ['drug', 'service', 'material'] as const) {
    const smart = await s.smart(matcher, kind);
    if (!smart.proposed) continue;
    matched += (await s.confirm(matcher, { kind, minScore: 90 })).changed;
  }
  const confirmed = await deps.db
    .selectFrom('insurance_item_matches')
    .select('id')
    .where('state', '=', 'confirmed')
    .execute();
  for (let i = 0; i < confirmed.length; i += 1000)
    await s.review(
      reviewer,
      confirmed.slice(i, i + 1000).map((r) => r.id),
    );
  const uploaded = confirmed.length ? (await s.upload(reviewer, {})).uploaded : 0;

  const depts = (await s.departmentProposals()).proposals.filter((p) => p.score >= 80);
  if (depts.length)
    await s.setDepartments(matcher, { links: depts.map((p) => ({ departmentId: Number(p.key), caty: p.code })) });
  const dis = (await s.diseaseProposals(2000)).proposals.filter((p) => p.score >= 90);
  if (dis.length)
    await s.setDiseases(matcher, {
      links: dis.map((p) => ({ localCode: String(p.key), diseCode: p.code, score: p.score })),
    });
  const staff = await deps.db
    .selectFrom('staff')
    .select(['id', 'title'])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  const links = staff
    .filter((x) => /physician|nurse/.test(x.title))
    .map((x) => ({
      staffId: x.id,
      nationalCode: `${x.title.includes('nurse') ? 'N' : 'D'}${DEMO_AREA_CODE}${String(x.id).padStart(6, '0')}`,
    }));
  const unmatchedStaff = links.length ? (await s.staff()).items.filter((i) => !i.nationalCode).map((i) => i.id) : [];
  const staffLinks = links.filter((l) => unmatchedStaff.includes(l.staffId));
  if (staffLinks.length) await s.setStaff(matcher, { links: staffLinks });

  const result = {
    downloaded,
    matched,
    uploaded,
    departments: depts.length,
    diseases: dis.length,
    staff: staffLinks.length,
  };
  await deps.uow.write(async (tx) => {
    await writeSetting(
      tx.db,
      INSURANCE_CATALOG_DEMO_KEY,
      JSON.stringify({ seededAt: tx.now, ...result }),
      tx.now,
      null,
    );
    await tx.audit(SYSTEM, {
      action: 'demo.seed.insurance-catalog',
      entity: 'settings',
      entityId: INSURANCE_CATALOG_DEMO_KEY,
      summary: result,
    });
  });
  return result;
}
