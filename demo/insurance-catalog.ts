// The demo's insurer catalogs and matches (issue 11 item 4), so that the demo center settles
// insured patients out of the box: through the real module and the real adapter, it downloads
// the insurer's catalogs (1301/1302/1305/1306/1307 and 1312) from the configured gateway (the
// simulator), smart-matches the demo's drugs, services and materials, confirms the proposals
// scoring ≥ 90 as a storekeeper and has an administrator review them (匹配审核 by another user),
// uploads them (3301), sets the departments' 科别 and the diagnoses' insurer codes from the smart
// proposals (≥ 90), and gives every physician and nurse a demo 医保医师/护士国家码 (D/N + the area
// code + a serial). Lower-scored proposals stay proposed: the matching page shows them.
// Runs only when the demo's 接口设置 are enabled with a gateway (the insurance demo step sets them).
// When the gateway is unreachable (install.sh runs `init --demo` before it starts the simulator's
// service) the catalogs come from an in-process simulator (the same catalog data), without the
// outbox, and the matches stay reviewed (上传 on the page sends them later). Anything else going
// wrong returns `{ skipped }` with nothing marked, so the next `seed-demo` tries again.
// Idempotent: the settings key 'demo.insurance-catalog' marks it done.
import type { Actor } from '../server/http/actor.js';
import type { AuditWho } from '../server/lib/uow.js';
import { DomainError } from '../core/errors.js';
import { t } from '../core/i18n.js';
import {
  type CatalogInsurer,
  createInsuranceCatalogService,
  DOWNLOAD_INFNOS,
  type InsuranceCatalogService,
} from '../server/modules/insurance-catalog/index.js';
import { call as simCall, envelope, newMsgid } from '../simulator/insurer/client.js';
import { type InsurerSimulator, startInsurerSimulator } from '../simulator/insurer/server.js';
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

async function downloadAll(s: InsuranceCatalogService, actor: Actor): Promise<number> {
  let rows = 0;
  // every catalog (1312 after the items it levels, 1318/1319 after 1312: their dated rows win)
  for (const infno of DOWNLOAD_INFNOS) rows += (await s.download(actor, infno)).rows;
  return rows;
}

/** The catalog transactions posted straight to a simulator (the demo's fallback; no outbox). */
function directInsurer(url: string): CatalogInsurer {
  const fail = (infno: string, msg: string) =>
    new DomainError(
      502,
      'insurer_error',
      t(`医保平台拒绝了交易 ${infno}:${msg}`, `The insurer refused ${infno}: ${msg}`),
    );
  return {
    async call(infno, input) {
      const msgid = newMsgid();
      const a = await simCall(url, infno, input as never, { msgid });
      if (Number(a.infcode) !== 0) throw fail(infno, a.err_msg ?? '');
      return { callId: 0, msgid, output: a.output as never, warnMsg: null };
    },
    async download9102(input) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelope('9102', { fsDownloadIn: input })),
      });
      if (!(res.headers.get('content-type') ?? '').includes('octet-stream')) throw fail('9102', await res.text());
      return { callId: 0, bytes: new Uint8Array(await res.arrayBuffer()) };
    },
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
  let s = createInsuranceCatalogService(deps);
  const hold: { sim: InsurerSimulator | null } = { sim: null };
  let downloaded = 0;
  try {
    try {
      downloaded = await downloadAll(s, matcher);
    } catch (e) {
      // `init --demo` runs before install.sh starts the simulator's service: the same catalogs
      // from an in-process simulator (its catalog data is the service's), without the outbox.
      if (!['insurer_unreachable', 'insurer_timeout'].includes((e as { code?: string }).code ?? '')) throw e;
      hold.sim = await startInsurerSimulator({ port: 0, host: '127.0.0.1' });
      s = createInsuranceCatalogService(deps, directInsurer(hold.sim.url));
      downloaded = await downloadAll(s, matcher);
    }
  } catch (e) {
    await hold.sim?.close();
    return { skipped: `the insurer catalogs could not be downloaded: ${(e as Error).message}` };
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
  // Uploaded (3301) to the configured gateway; the built-in simulator's would be lost: those stay
  // reviewed (they count for settlement) and 上传 on the page sends them once the gateway answers.
  const uploaded = confirmed.length && !hold.sim ? (await s.upload(reviewer, {})).uploaded : 0;
  // what the insurer now holds for us (1317), shown beside our matches on the page
  if (uploaded) await s.download(matcher, '1317');
  await hold.sim?.close();

  const depts = (await s.departmentProposals()).proposals.filter((p) => p.score >= 80);
  if (depts.length) {
    await s.setDepartments(matcher, { links: depts.map((p) => ({ departmentId: Number(p.key), caty: p.code })) });
    // the settlement uses reviewed 科别 only: the administrator reviews them (匹配审核 by another user)
    await s.reviewDepartments(
      reviewer,
      depts.map((p) => Number(p.key)),
    );
  }
  const dis = (await s.diseaseProposals(2000)).proposals.filter((p) => p.score >= 90);
  if (dis.length) {
    await s.setDiseases(matcher, {
      links: dis.map((p) => ({ localCode: String(p.key), diseCode: p.code, score: p.score })),
    });
    await s.reviewDiseases(
      reviewer,
      dis.map((p) => String(p.key)),
    );
  }
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
