// Drives the link worker's pages under /find in headless Chromium, as a person would:
//   journey   - postcode to printed shortlist (search, results, a listing, sign in, add two groups, note, signpost,
//               make the list, open the printable page), once with JavaScript on and once with it off;
//   keyboard  - the same journey with the keyboard only (Tab, Enter, typing), every focused control visibly focused,
//               starting with "Skip to main content";
//   access    - axe-core finds no WCAG 2.x A/AA violation of serious or critical impact on any page visited;
//   reflow    - no horizontal scrolling at 320 CSS px wide, nor at 640 px (a 1280 px screen at 200 % zoom);
//   errors    - an invalid postcode shows the error summary, its link names the postcode field, and (JS on) the
//               summary takes focus and its link moves focus to the field;
//   offline   - no request leaves the service.
// Usage: node check-find-pages.mjs <base url> <prescriber key> <postcode> <group name> <group name>
// Prints one JSON report on stdout; exits 1 when any check fails, 2 when the browser cannot run.
import { chromium } from 'playwright-core';
import axe from 'axe-core';

const [base, key, postcode, ...groups] = process.argv.slice(2);
if (!base || !key || !postcode || groups.length !== 2) {
  console.error('usage: node check-find-pages.mjs <base url> <prescriber key> <postcode> <group name> <group name>');
  process.exit(2);
}
const origin = new URL(base).origin;
const failures = [];
const report = { audited: [], journeys: {}, reflow: [], errors: {}, failures };
const check = (ok, message) => { if (!ok) failures.push(message); return ok; };

let browser;
try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
} catch (error) {
  console.error(`cannot start Chromium: ${error.message}`);
  process.exit(2);
}

// axe is injected by the test; the pages' CSP forbids injected scripts, so the context bypasses it (the pages' own
// script is still loaded from the service).
async function newPage(javaScriptEnabled, viewport = { width: 1024, height: 900 }) {
  const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled, viewport });
  const page = await context.newPage();
  page.on('request', request => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) failures.push(`a request left the service: ${request.url()}`);
  });
  page.on('pageerror', error => failures.push(`script error on ${page.url()}: ${error.message}`));
  return page;
}

// A page shown with JavaScript off is audited as it is (its markup without the script) in a page where axe can run.
let auditor;
async function audit(page, label) {
  const path = new URL(page.url()).pathname;
  let target = page;
  if (label === 'js off') {
    auditor ??= await newPage(true);
    await auditor.goto(`${base}/find/assets/pages.css`);
    await auditor.setContent((await page.content()).replace(/<script[^>]*><\/script>/g, ''), { waitUntil: 'load' });
    target = auditor;
  }
  await target.addScriptTag({ content: axe.source });
  const result = await target.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const serious = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) failures.push(`axe (${label} ${path}): ${v.id} [${v.impact}] ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
  check(result.passes.length > 0, `axe ran no rules on ${path}`);
  report.audited.push({ label, path, passes: result.passes.length, violations: result.violations.map(v => `${v.id} (${v.impact})`) });
}

async function expectHeading(page, pattern, step) {
  const h1 = (await page.locator('h1').first().textContent() ?? '').trim();
  check(pattern.test(h1), `${step}: expected a heading like ${pattern}, found '${h1}' at ${page.url()}`);
}

// The journey with the mouse and the form controls, JavaScript on or off.
async function journey(javaScriptEnabled) {
  const label = javaScriptEnabled ? 'js on' : 'js off';
  const page = await newPage(javaScriptEnabled);
  const steps = [];
  await page.goto(`${base}/find`);
  await expectHeading(page, /Find groups near someone/, `${label} search form`);
  await audit(page, label);
  await page.fill('#postcode', postcode);
  await page.selectOption('#radius_km', '1');
  await page.click('button:has-text("Search")');
  await expectHeading(page, /groups? within 1 km/, `${label} results`);
  for (const name of groups) check(await page.locator(`h2 a:has-text("${name}")`).count() === 1, `${label}: '${name}' is not in the results`);
  await audit(page, label);
  steps.push('results');

  await page.click(`h2 a:has-text("${groups[0]}")`);
  await expectHeading(page, new RegExp(groups[0]), `${label} listing`);
  await audit(page, label);
  await page.click('a.nhsuk-back-link');
  steps.push('listing');

  await page.click('a:has-text("Sign in to make a shortlist")');
  await expectHeading(page, /Sign in/, `${label} sign-in`);
  await audit(page, label);
  await page.fill('#key', key);
  await page.click('button:has-text("Sign in")');
  await expectHeading(page, /groups? within 1 km/, `${label} back at the results after signing in`);
  steps.push('signed in');

  for (const name of groups) await page.click(`button:has-text("Add to shortlist: ${name}")`);
  await page.click('a:has-text("Shortlist (2)")');
  await expectHeading(page, /Your shortlist/, `${label} shortlist`);
  await audit(page, label);
  await page.fill('#note', 'Try the walk first: the leader wears a yellow jacket.');
  await page.selectOption('select.nhsuk-select >> nth=0', 'Introduced');
  await page.click('button:has-text("Make the shortlist")');
  await expectHeading(page, /Shortlist made/, `${label} made`);
  await audit(page, label);
  steps.push('made');

  await page.click('a:has-text("Open the shortlist to print or save")');
  await expectHeading(page, /Groups to try/, `${label} printable page`);
  const shown = await page.locator('section.group h2').allTextContents();
  check(JSON.stringify(shown.map(s => s.trim())) === JSON.stringify(groups), `${label}: the printed list shows ${JSON.stringify(shown)}`);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4' });
  check(pdf.length > 1000, `${label}: the printable page did not print`);
  steps.push('printed');
  report.journeys[label] = steps;
  await page.context().close();
}

// The journey again, keyboard only. tabTo presses Tab until the focused element matches, then checks it shows focus.
async function keyboardJourney() {
  const page = await newPage(true);
  const steps = [];
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return { id: e.id, tag: e.tagName, text: (e.innerText || e.value || '').trim(), visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none' };
  });
  async function tabTo(test, what) {
    for (let i = 0; i < 250; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (test(f)) {
        check(f.visible, `keyboard: ${what} has no visible focus`);
        return true;
      }
    }
    return check(false, `keyboard: could not reach ${what} with Tab on ${page.url()}`);
  }
  await page.goto(`${base}/find`);
  await page.keyboard.press('Tab');
  const skip = await focused();
  check(/Skip to main content/.test(skip.text), `keyboard: the first Tab reaches '${skip.text}', not the skip link`);
  check(skip.visible, 'keyboard: the skip link has no visible focus');
  await page.keyboard.press('Enter');
  check(new URL(page.url()).hash === '#maincontent', 'keyboard: the skip link does not go to the main content');
  steps.push('skip link');

  if (await tabTo(f => f.id === 'postcode', 'the postcode field')) await page.keyboard.type(postcode);
  if (await tabTo(f => f.tag === 'BUTTON' && f.text === 'Search', 'the Search button')) await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await expectHeading(page, /groups? within/, 'keyboard results');
  steps.push('searched');
  if (await tabTo(f => f.tag === 'A' && f.text === 'Sign in to make a shortlist', 'the sign-in link')) await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  if (await tabTo(f => f.id === 'key', 'the key field')) {
    await page.keyboard.type(key);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }
  await expectHeading(page, /groups? within/, 'keyboard back at the results');
  steps.push('signed in');
  for (const name of groups) {
    if (await tabTo(f => f.tag === 'BUTTON' && f.text.startsWith('Add to shortlist') && f.text.includes(name), `Add to shortlist for ${name}`))
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  }
  if (await tabTo(f => f.tag === 'A' && f.text === 'Shortlist (2)', 'the shortlist link')) await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  if (await tabTo(f => f.id === 'note', 'the note')) await page.keyboard.type('See you there.');
  if (await tabTo(f => f.tag === 'BUTTON' && f.text === 'Make the shortlist', 'Make the shortlist')) await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await expectHeading(page, /Shortlist made/, 'keyboard made');
  if (await tabTo(f => f.tag === 'A' && f.text === 'Open the shortlist to print or save', 'the printable page link'))
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await expectHeading(page, /Groups to try/, 'keyboard printable page');
  steps.push('printable page');
  report.journeys.keyboard = steps;
  await page.context().close();
}

// Every page of the journey at 320 px and at 640 px (200 % zoom of 1280 px): nothing wider than the window.
async function reflow() {
  for (const width of [320, 640]) {
    const page = await newPage(true, { width, height: 800 });
    const measure = async () => {
      const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      report.reflow.push({ width, path: new URL(page.url()).pathname, ...m });
      check(m.scroll <= m.client, `reflow at ${width}px: ${new URL(page.url()).pathname} scrolls sideways (${m.scroll}px in ${m.client}px)`);
    };
    await page.goto(`${base}/find`); await measure();
    await page.goto(`${base}/find/results?postcode=${encodeURIComponent(postcode)}&radius_km=1`); await measure();
    await page.click(`h2 a:has-text("${groups[0]}")`); await measure();
    await page.goto(`${base}/find/sign-in`); await measure();
    await page.fill('#key', key); await page.click('button:has-text("Sign in")');
    await page.goto(`${base}/find/results?postcode=${encodeURIComponent(postcode)}&radius_km=1`); await measure();
    await page.click(`button:has-text("Add to shortlist: ${groups[0]}")`);
    await page.goto(`${base}/find/shortlist`); await measure();
    await page.goto(`${base}/find/results?postcode=not-a-postcode`); await measure();
    await page.context().close();
  }
}

// An invalid postcode: the error summary, linked to the field, with and without JavaScript.
async function postcodeError(javaScriptEnabled) {
  const label = javaScriptEnabled ? 'js on' : 'js off';
  const page = await newPage(javaScriptEnabled);
  await page.goto(`${base}/find`);
  await page.fill('#postcode', 'not a postcode');
  // The click only waits for the navigation to start: read the page once it has loaded (and its script has run),
  // not while a busy machine is still parsing it.
  await Promise.all([page.waitForURL('**/find/results**', { waitUntil: 'load' }), page.click('button:has-text("Search")')]);
  const summary = await page.evaluate(() => {
    const box = document.querySelector('.nhsuk-error-summary');
    const link = box?.querySelector('a');
    const target = link ? document.querySelector(link.getAttribute('href')) : null;
    return {
      present: !!box, title: document.title, link: link?.getAttribute('href'), text: link?.textContent.trim(), targetTag: target?.tagName,
      describedBy: target?.getAttribute('aria-describedby'), inline: document.querySelector('#postcode-error')?.textContent.trim(),
      focused: document.activeElement?.className,
    };
  });
  report.errors[label] = summary;
  check(summary.present, `${label}: no error summary for an invalid postcode`);
  check(summary.title.startsWith('Error:'), `${label}: the title does not start with 'Error:'`);
  check(summary.link === '#postcode' && summary.targetTag === 'INPUT', `${label}: the summary links to ${summary.link} (${summary.targetTag}), not the postcode field`);
  check(/postcode/i.test(summary.text ?? ''), `${label}: the summary says '${summary.text}'`);
  check((summary.describedBy ?? '').includes('postcode-error') && /postcode/i.test(summary.inline ?? ''), `${label}: no inline error on the field`);
  await audit(page, label);
  if (javaScriptEnabled) {
    check((summary.focused ?? '').includes('nhsuk-error-summary'), `js on: the error summary does not take focus (focus on '${summary.focused}')`);
    await page.click('.nhsuk-error-summary a');
    const after = await page.evaluate(() => document.activeElement?.id);
    check(after === 'postcode', `js on: the summary's link moves focus to '${after}', not the postcode field`);
  }
  await page.context().close();
}

try {
  await journey(true);
  await journey(false);
  await keyboardJourney();
  await reflow();
  await postcodeError(true);
  await postcodeError(false);
} catch (error) {
  failures.push(`browser check failed: ${error.message}`);
} finally {
  await browser.close();
}

console.log(JSON.stringify(report, null, 2));
process.exit(failures.length === 0 ? 0 : 1);
