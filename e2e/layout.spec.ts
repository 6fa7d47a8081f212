/**
 * Every screen at the two sizes staff laptops have (1280×800 and 1024×768): nothing scrolls sideways, the navigation
 * is one column, axe-core finds no WCAG 2.2 AA violation (target size included), and a screenshot of each is kept in
 * test-results/screens/ (layout-<screen>-<width>.png). Against the browser host with the demo team, offline.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { E2E_TOKEN } from './playwright.config.ts';
import { screens } from './support.ts';

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 768 },
] as const;

async function signIn(page: Page, name: string): Promise<void> {
  await page.goto(`/#token=${E2E_TOKEN}`);
  const lock = page.getByRole('button', { name: 'Lås' });
  await expect(page.getByRole('heading', { name: 'Logga in' }).or(lock)).toBeVisible();
  if (await lock.isVisible()) {
    await lock.click();
    await expect(page.getByRole('heading', { name: 'Logga in' })).toBeVisible();
  }
  await page.getByRole('radio', { name: new RegExp(name) }).check();
  await page.getByLabel('PIN-kod eller lösenord').fill('123456');
  await page.getByRole('button', { name: 'Logga in' }).click();
  await expect(page.getByRole('button', { name: 'Lås' })).toBeVisible();
}

/** The main navigation: open it first where it is folded away at narrow widths. */
async function navigation(page: Page) {
  const nav = page.getByRole('navigation', { name: 'Huvudmeny' });
  if (!(await nav.isVisible())) await page.getByRole('button', { name: /^Meny/ }).click();
  await expect(nav).toBeVisible();
  return nav;
}

async function go(page: Page, entry: string): Promise<void> {
  const nav = await navigation(page);
  await nav
    .getByRole('link', { name: entry, exact: true })
    .or(nav.getByRole('button', { name: entry, exact: true }))
    .click();
}

/** The checks every screen must pass at the page's current size. */
async function expectLaidOut(page: Page, screen: string): Promise<void> {
  const { width } = page.viewportSize() ?? { width: 0 };
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(overflow, `${screen} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `${screen} at ${width} px`,
  ).toEqual([]);
  await page.screenshot({ path: `${screens}/layout-${screen}-${width}.png`, fullPage: true });
}

/** The navigation itself: its entries one under another (one column), none beside another, none wrapped. */
async function expectOneColumn(page: Page): Promise<void> {
  const nav = await navigation(page);
  const items = nav.getByRole('link').or(nav.getByRole('button'));
  const boxes = (await Promise.all((await items.all()).map((item) => item.boundingBox())))
    .filter((box) => box !== null)
    .sort((a, b) => a.y - b.y);
  expect(boxes.length).toBeGreaterThan(1);
  for (const [index, box] of boxes.entries()) {
    const above = boxes[index - 1];
    if (above) expect(box.y, 'navigation entries in one column').toBeGreaterThanOrEqual(above.y + above.height - 1);
    // One line of text each: an entry that wraps is taller than two lines of the type scale.
    expect(box.height, 'a navigation entry that wraps').toBeLessThan(64);
  }
}

/** Visits each screen (a function that opens it from anywhere) at both sizes. */
async function visitAll(page: Page, screensToVisit: Record<string, (page: Page) => Promise<void>>): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expectOneColumn(page);
    // Close an opened overlay menu again before the screens (a click on the current entry does it).
    await page.keyboard.press('Escape');
    for (const [name, open] of Object.entries(screensToVisit)) {
      await open(page);
      await expectLaidOut(page, name);
    }
  }
}

const firstClient = async (page: Page) => {
  await go(page, 'Brukare');
  // A client's name is a button ("Berglund, Elsa"): the first of the list.
  await page
    .getByRole('main')
    .getByRole('button', { name: /^[^,]+, \S/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
};

test('layout: every screen a worker uses, at 1280×800 and 1024×768', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'Dragan');
  await visitAll(page, {
    today: (p) => go(p, 'Dagens besök'),
    'log-visit': async (p) => {
      await go(p, 'Dagens besök');
      await p
        .getByRole('button', { name: /^Logga besök hos/ })
        .first()
        .click();
      await expect(p.getByRole('button', { name: 'Signera besöket' })).toBeVisible();
    },
    clients: (p) => go(p, 'Brukare'),
    client: firstClient,
    'client-wellbeing': async (p) => {
      await firstClient(p);
      await p.getByRole('button', { name: /Ensamhet och isolering/ }).click();
      await expect(p.getByRole('button', { name: /Börja screening|Fortsätt screening/ })).toBeVisible();
    },
    'client-preparedness': async (p) => {
      await firstClient(p);
      await p
        .getByRole('button', { name: /Beredskap/ })
        .last()
        .click();
      await expect(p.getByRole('heading', { level: 1 })).toBeVisible();
    },
    preparedness: (p) => go(p, 'Beredskap'),
    drills: (p) => go(p, 'Övningar'),
    sync: async (p) => {
      await p.getByRole('button', { name: /^Synkning:/ }).click();
      await expect(p.getByRole('heading', { level: 1 })).toBeVisible();
    },
  });
});

test('layout: every screen a supervisor uses, at 1280×800 and 1024×768', async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, 'Cecilia');
  await visitAll(page, {
    inbox: (p) => go(p, 'Att granska'),
    'review-visit': async (p) => {
      await go(p, 'Att granska');
      await p
        .getByRole('button', { name: /^Granska/ })
        .first()
        .click();
      await expect(p.getByRole('button', { name: 'Godkänn' })).toBeVisible();
    },
    dashboard: (p) => go(p, 'Översikt'),
    loneliness: (p) => go(p, 'Ensamhet'),
    access: (p) => go(p, 'Åtkomstlogg'),
    preparedness: (p) => go(p, 'Beredskap'),
    drills: (p) => go(p, 'Övningar'),
  });
});
