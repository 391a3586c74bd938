// Layout of every station at the two screen sizes a center has (1366×768 desktops, 1024×768
// older screens and tablets), asserted rather than looked at: nothing scrolls sideways, no
// page sits flush against the window's edge, every search hint is shown whole, every table
// is styled, and on the doctor's station the drug search list opens on the screen and the
// queue stays in view while the record scrolls. Screenshots go to .tmp/screenshots.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { assertClientBuilt, launchBrowser, screenshot, signIn } from '../helpers/browser.js';
import { openVisit, seedDoctorWorld, type DoctorFixture } from '../helpers/doctor.js';
import { STRONG_PASSWORD, adminClient, startTestServer, type TestServer } from '../helpers/server.js';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
];

const PAGES = [
  '/',
  '/registration',
  '/registration/setup',
  '/patients',
  '/cashier',
  '/doctor',
  '/pharmacy',
  '/store',
  '/store/stocktake',
  '/store/reports/on-hand',
  '/store/reports/ledger',
  '/store/reports/monthly',
  '/store/reports/alerts',
  '/printing',
  '/devices',
  '/admin',
  '/admin/departments',
  '/admin/staff',
  '/admin/users',
  '/admin/roles',
  '/admin/settings',
  '/admin/workstations',
  '/admin/catalog',
  '/admin/diagnoses',
  '/admin/invoice-mapping',
  '/admin/stock-locations',
  '/admin/suppliers',
  '/admin/equipment',
  '/admin/audit',
];

// The checks below run in the page; the test program is type-checked without the DOM library.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const window: any;
declare const document: any;
declare function getComputedStyle(el: any): any;

/** What is wrong with the page's layout, as sentences (empty when nothing is). Runs in the page. */
function layoutProblems(): string[] {
  const problems: string[] = [];
  const width = window.innerWidth;
  const doc = document.documentElement;
  if (doc.scrollWidth > width + 1)
    problems.push(`the page scrolls sideways (${doc.scrollWidth}px wide in a ${width}px window)`);
  const h1 = document.querySelector('main h1');
  if (h1) {
    const left = h1.getBoundingClientRect().left;
    if (left < 12)
      problems.push(`the heading "${h1.textContent}" sits flush against the window's edge (${Math.round(left)}px)`);
  }
  const canvas = document.createElement('canvas').getContext('2d')!;
  for (const el of Array.from(
    document.querySelectorAll('main input[placeholder], main textarea[placeholder]'),
  ) as any[]) {
    if (!el.placeholder || el.offsetParent === null || el.clientWidth === 0) continue;
    const cs = getComputedStyle(el);
    canvas.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const need = canvas.measureText(el.placeholder).width;
    // A search field keeps room for its clear button.
    const room =
      el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - (el.type === 'search' ? 16 : 0);
    if (need > room + 1)
      problems.push(`the hint "${el.placeholder}" is cut off (${Math.round(need)}px of text in ${Math.round(room)}px)`);
  }
  for (const table of Array.from(document.querySelectorAll('main table')) as any[]) {
    const cell = table.querySelector('th, td');
    if (!cell || cell.offsetParent === null) continue;
    if (parseFloat(getComputedStyle(cell).paddingLeft) < 4)
      problems.push(`a table (${table.className || 'no class'}) is unstyled: its cells have no padding`);
  }
  return problems;
}

async function checkPage(page: Page, path: string, size: { width: number }): Promise<string[]> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await page.locator('main h1').first().waitFor();
  const found = await page.evaluate(layoutProblems);
  await screenshot(page, `layout${path === '/' ? '-home' : path.replace(/\//g, '-')}-${size.width}`);
  return found.map((p) => `${path} at ${size.width}×768: ${p}`);
}

describe('browser: station layout at 1366×768 and 1024×768', function () {
  this.timeout(240_000);
  let ts: TestServer;
  let browser: Browser;
  let f: DoctorFixture;

  before(async () => {
    assertClientBuilt();
    ts = await startTestServer();
    const admin = await adminClient(ts);
    f = await seedDoctorWorld(ts, admin, {
      doctorRoles: ['doctor', 'registrar', 'pharmacist', 'storekeeper', 'admin'],
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.stop();
  });

  for (const size of SIZES) {
    it(
      `every station ` +
        `at ${size.width}×${size.height}: no sideways scroll, off the edge, whole hints, styled tables`,
      async () => {
        const context = await browser.newContext({ baseURL: ts.url, viewport: size, locale: 'zh-CN' });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        try {
          await signIn(page, f.doctor.username, STRONG_PASSWORD);
          const problems: string[] = [];
          for (const path of PAGES) problems.push(...(await checkPage(page, path, size)));
          expect(problems, problems.join('\n')).to.deep.equal([]);
        } finally {
          await context.close();
        }
      },
    );

    it(
      `doctor at ${size.width}×${size.height}: the drug list opens on the screen and the queue stays in ` + `view`,
      async () => {
        const visit = await openVisit(f.doctor.client, f.clinicId, f.plainPatientId);
        const context = await browser.newContext({ baseURL: ts.url, viewport: size, locale: 'zh-CN' });
        context.setDefaultTimeout(15_000);
        const page = await context.newPage();
        try {
          await signIn(page, f.doctor.username, STRONG_PASSWORD);
          await page.goto('/doctor');
          await page.locator('.mine-item').first().waitFor();
          await page.locator('.mine-item').first().click();
          await page.locator('.patient-name', { hasText: '李四' }).waitFor();
          // The drug search sits low on the screen: put it at the bottom edge, as after typing a record.
          const search = page.locator('input[name="itemSearch"]').first();
          await search.waitFor();
          await search.evaluate((el: any) => el.scrollIntoView({ block: 'end' }));
          await search.fill('amx');
          const pop = page.locator('.rx-search .pop');
          await pop.locator('[role="option"]').first().waitFor();
          const box = await pop.boundingBox();
          const topbar = await page.locator('.topbar').boundingBox();
          expect(box, 'the drug list is shown').to.not.equal(null);
          expect(box!.y + box!.height, 'the drug list ends on the screen').to.be.at.most(size.height + 1);
          expect(box!.y, 'the drug list starts below the top bar').to.be.at.least(topbar!.y + topbar!.height - 1);
          await screenshot(page, `layout-doctor-drug-list-${size.width}`);
          // The record scrolled down: the queue is still on the screen.
          await page.mouse.wheel(0, 2000);
          const queue = await page.locator('.doctor-side').boundingBox();
          expect(queue, 'the queue is shown').to.not.equal(null);
          expect(queue!.y, 'the queue stays in view').to.be.at.least(0);
          expect(queue!.y, 'the queue stays in view').to.be.below(size.height / 2);
          expect(visit.id).to.be.a('number');
        } finally {
          await context.close();
        }
      },
    );
  }
});
