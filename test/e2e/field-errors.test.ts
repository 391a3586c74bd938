// Browser test (issue 9 item 11): a field error reaches the user as a sentence in their
// language naming the field, shown on the field itself — and every field the server names
// at once is shown on its own field, not only the first.
import { expect } from 'chai';
import { userViaApi } from '../helpers/admin.js';
import { adminBrowserWorld, newPage, screenshot, signIn } from '../helpers/browser.js';

describe('browser: field errors are sentences on their fields', function () {
  this.timeout(120_000);
  const world = adminBrowserWorld();
  let registrar: { username: string; password: string };

  before(async () => {
    registrar = await userViaApi(world.ts, world.api, ['registrar']);
  });

  it(
    "a new patient without a name: '姓名不能为空' under 姓名, and the phone number's own message " +
      'under 电话 at the same time',
    async () => {
      const { context, page } = await newPage(world.browser, world.ts);
      await signIn(page, registrar.username, registrar.password);
      await page.goto('/patients');
      await page.getByRole('combobox', { name: '查找患者' }).waitFor();
      await page.keyboard.press('F2');
      const dialog = page.locator('dialog[open]');
      await dialog.getByLabel('姓名').fill('   ');
      await dialog.getByLabel('出生日期').fill('1980-01-02');
      await dialog.getByLabel('性别').selectOption('F');
      const phone = dialog.getByLabel('电话', { exact: true });
      await phone.fill('abc');
      await dialog.getByLabel('姓名').press('Enter');

      const nameField = dialog.locator('.field', { has: page.getByLabel('姓名') });
      await nameField.locator('.field-msg').getByText('姓名不能为空', { exact: true }).waitFor();
      expect(await dialog.getByLabel('姓名').getAttribute('aria-invalid')).to.equal('true');
      // The second bad field of the same answer, on its own field.
      await dialog
        .locator('.field', { has: page.getByLabel('电话', { exact: true }) })
        .locator('.field-msg')
        .getByText('电话号码只能包含数字、空格、+ - ( )', { exact: true })
        .waitFor();
      // No zod wording anywhere in the dialog.
      expect(await dialog.textContent()).to.not.match(/期望|expected|Invalid|>=|string/);
      await screenshot(page, 'field-errors-patient-name');
      await context.close();
    },
  );
});
