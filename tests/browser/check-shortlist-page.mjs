// Loads a shortlist page in headless Chromium and checks what a person holding it needs:
//   content  - the heading and every group named on the command line, each with where, when, cost, contact and how
//              to join; each venue named once; one time style (24-hour, never "10:00am"); phone, email and website
//              as tel:, mailto: and http(s) links; no scripts; the attribution said once;
//   offline  - the page asks the network for nothing but itself (no scripts, fonts, images or tiles);
//   print    - under print media the text is at least 12pt, groups do not split across pages, nothing overflows
//              an A4 page, and it prints on A4 in at most two pages a group (plus one);
//   access   - axe-core finds no serious or critical WCAG 2.x A/AA violation, on screen and in print.
// Usage: node check-shortlist-page.mjs <page url> <not-found url> <group name>...
// Prints one JSON report on stdout; exits 1 when any check fails, 2 when the browser cannot run.
import { chromium } from 'playwright-core';
import axe from 'axe-core';

const [pageUrl, notFoundUrl, ...groupNames] = process.argv.slice(2);
if (!pageUrl || !notFoundUrl || groupNames.length === 0) {
  console.error('usage: node check-shortlist-page.mjs <page url> <not-found url> <group name>...');
  process.exit(2);
}

const failures = [];
const report = { page: {}, notFound: {}, failures };
const check = (ok, message) => { if (!ok) failures.push(message); };

let browser;
try {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    // Root in CI has no user namespaces for the sandbox; the page under test is our own.
    args: ['--no-sandbox', '--disable-gpu'],
  });
} catch (error) {
  console.error(`cannot start Chromium: ${error.message}`);
  process.exit(2);
}

// axe is injected by the test, not by the page: the page's own CSP forbids scripts, so the context bypasses it.
const context = await browser.newContext({ bypassCSP: true, viewport: { width: 794, height: 1123 } });

async function audit(page, media) {
  await page.emulateMedia({ media });
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => await window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const serious = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  for (const v of serious) failures.push(`axe (${media}): ${v.id} [${v.impact}] ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
  return { passes: result.passes.length, violations: result.violations.map(v => `${v.id} (${v.impact})`) };
}

try {
  const page = await context.newPage();
  const requests = [];
  page.on('request', request => requests.push(request.url()));
  const response = await page.goto(pageUrl, { waitUntil: 'load' });
  check(response.status() === 200, `page answered ${response.status()}`);
  check(requests.length === 1, `the page made ${requests.length - 1} request(s) beyond itself: ${requests.slice(1).join(', ')}`);
  report.page.requests = requests.length;

  // Content: one section per group, in the order given, each with the facts a person needs.
  const content = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    title: document.title,
    h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim()),
    groups: [...document.querySelectorAll('section.group')].map(section => ({
      name: section.querySelector('h2')?.textContent.trim(),
      terms: [...section.querySelectorAll('dt')].map(dt => dt.textContent.trim()),
      text: section.innerText,
      venue: [...section.querySelectorAll('dt')].find(dt => dt.textContent.trim() === 'Where')?.nextElementSibling?.innerText.split('\n')[0].trim(),
      links: [...section.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
    })),
    scripts: document.scripts.length,
    attributions: (document.body.innerText.match(/Contains OS data/g) || []).length,
  }));
  check(content.scripts === 0, `the page has ${content.scripts} script(s)`);
  check(content.attributions === 1, `the OS attribution is printed ${content.attributions} times`);
  check(content.lang === 'en-GB', `lang is '${content.lang}'`);
  check(content.h1.length === 1, `expected one h1, found ${content.h1.length}`);
  check(content.title.length > 0, 'the page has no title');
  const names = content.groups.map(g => g.name);
  check(JSON.stringify(names) === JSON.stringify(groupNames), `groups shown ${JSON.stringify(names)}, expected ${JSON.stringify(groupNames)}`);
  for (const group of content.groups) {
    for (const term of ['Where', 'When', 'Cost', 'Who to contact', 'How to join', 'Can I bring someone?']) {
      check(group.terms.includes(term), `'${group.name}' has no '${term}'`);
    }
    const venueMentions = group.venue ? group.text.split(group.venue).length - 1 : 0;
    check(venueMentions === 1, `'${group.name}' names its venue '${group.venue}' ${venueMentions} times`);
    check(!/\d\s?(am|pm)\b/i.test(group.text), `'${group.name}' mixes in 12-hour times: ${group.text.match(/\d+(:\d+)?\s?(am|pm)/i)?.[0]}`);
    group.venueMentions = venueMentions;
    group.times = [...group.text.matchAll(/\b\d{2}:\d{2}\b/g)].map(m => m[0]);
  }
  report.page.groups = content.groups.map(g => ({ name: g.name, terms: g.terms, links: g.links, venueMentions: g.venueMentions, times: g.times }));
  report.page.scripts = content.scripts;
  report.page.attributions = content.attributions;
  report.page.screen = await audit(page, 'screen');

  // Print: readable type, groups kept whole, nothing wider than the page, and a PDF comes out.
  await page.emulateMedia({ media: 'print' });
  const print = await page.evaluate(() => {
    const px = value => parseFloat(value);
    const sections = [...document.querySelectorAll('section.group')].map(s => getComputedStyle(s).breakInside);
    const smallest = Math.min(...[...document.querySelectorAll('main dd, main dt, main p, main li')]
      .map(e => px(getComputedStyle(e).fontSize)));
    return {
      breakInside: sections,
      smallestMainTextPx: smallest,
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      bodyMaxWidth: getComputedStyle(document.body).maxWidth,
    };
  });
  check(print.breakInside.every(b => b === 'avoid'), `groups may split across pages in print: ${print.breakInside.join(', ')}`);
  check(print.smallestMainTextPx >= 16, `print text as small as ${print.smallestMainTextPx}px (under 12pt)`);
  check(print.scrollWidth <= print.clientWidth, `print layout overflows the page: ${print.scrollWidth}px in ${print.clientWidth}px`);
  check(print.bodyMaxWidth === 'none', `print body is held to ${print.bodyMaxWidth} instead of the page width`);
  const pdf = await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } });
  const pdfPages = Math.max(0, ...[...pdf.toString('latin1').matchAll(/\/Count (\d+)/g)].map(m => Number(m[1])));
  check(pdfPages >= 1 && pdfPages <= 2 * groupNames.length + 1, `the A4 print came out as ${pdfPages} page(s) for ${groupNames.length} group(s)`);
  report.page.print = { ...print, pdfPages, pdfBytes: pdf.length };
  report.page.printAudit = await audit(page, 'print');

  // The page for an unknown or expired list: plain, and just as accessible.
  const missing = await context.newPage();
  const missingResponse = await missing.goto(notFoundUrl, { waitUntil: 'load' });
  check(missingResponse.status() === 404, `the not-found page answered ${missingResponse.status()}`);
  const missingText = await missing.evaluate(() => document.querySelector('h1')?.textContent.trim());
  check(missingText === 'Shortlist not found', `the not-found page says '${missingText}'`);
  report.notFound.screen = await audit(missing, 'screen');
} catch (error) {
  failures.push(`browser check failed: ${error.message}`);
} finally {
  await browser.close();
}

console.log(JSON.stringify(report, null, 2));
process.exit(failures.length === 0 ? 0 : 1);
