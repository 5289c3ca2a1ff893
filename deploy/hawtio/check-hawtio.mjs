// Drives a real Hawtio (started by run-hawtio.sh) in headless Chromium the way a user would: adds a remote
// connection to a ser2net-camel node's Jolokia on the Connect page, connects, opens Camel > routes, checks that
// the bridge routes and their exchange counts are shown, and takes a screenshot. It also lists every Jolokia
// exec/write request Hawtio made and what the node answered (our Jolokia is read-only).
//
//   npm install playwright-core        (in any folder; uses the system Chromium, downloads no browser)
//   NODE_PATH=that/folder/node_modules node deploy/hawtio/check-hawtio.mjs [SCREENSHOT.png]
//
// Environment: HAWTIO (http://127.0.0.1:8090/hawtio), JOLOKIA (http://127.0.0.1:8778/observe/jolokia),
//              CHROMIUM (/usr/bin/chromium), ROUTES (bridge-zigbee,bridge-zigbee-device,ser2net-reconcile).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_PATH || process.cwd(), 'x.js'));
let chromium;
try { ({ chromium } = require('playwright-core')); } catch { ({ chromium } = await import('playwright-core')); }

const HAWTIO = process.env.HAWTIO || 'http://127.0.0.1:8090/hawtio';
const JOLOKIA = new URL(process.env.JOLOKIA || 'http://127.0.0.1:8778/observe/jolokia');
const ROUTES = (process.env.ROUTES || 'bridge-zigbee,bridge-zigbee-device,ser2net-reconcile').split(',');
const SHOT = process.argv[2] || 'hawtio-routes.png';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const ctx = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  // every Jolokia request Hawtio sends through its proxy, to report the ones the read-only policy refuses
  const refused = new Map();
  ctx.on('response', async (res) => {
    if (!res.url().includes('/proxy/')) return;
    let reqs, answers;
    try { reqs = [].concat(JSON.parse(res.request().postData() || 'null') ?? []); answers = [].concat(await res.json()); }
    catch { return; }
    reqs.forEach((rq, i) => {
      if (rq.type !== 'exec' && rq.type !== 'write') return;
      const a = answers[i] || {};
      const key = `${rq.type} ${rq.operation || rq.attribute} on ${rq.mbean} -> ${a.status ?? '?'}${a.error ? ' ' + a.error : ''}`;
      refused.set(key, (refused.get(key) || 0) + 1);
    });
  });

  // 1. Connect page: add a remote connection to the node's Jolokia and test it
  const page = await ctx.newPage();
  await page.goto(`${HAWTIO}/connect/remote`);
  await page.getByRole('button', { name: 'Add connection' }).click();
  await page.fill('#connection-form-name', `ser2net ${JOLOKIA.hostname}`);
  const https = await page.locator('#connection-form-scheme').isChecked();
  if (https !== (JOLOKIA.protocol === 'https:')) await page.locator('label.pf-v5-c-switch[for=connection-form-scheme]').click();
  await page.fill('#connection-form-host', JOLOKIA.hostname);
  await page.fill('#connection-form-port', JOLOKIA.port || (JOLOKIA.protocol === 'https:' ? '443' : '80'));
  await page.fill('#connection-form-path', JOLOKIA.pathname);
  await page.getByRole('button', { name: 'Test connection' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText(/Connection successful|Connection failed|not allowed|error/i).first().waitFor({ timeout: 15000 });
  const test = (await dialog.innerText()).split('\n').find((l) => /Connection (successful|failed)|not allowed|error/i.test(l));
  console.log(`connect page, Test connection: ${test}`);
  if (!/successful/i.test(test || '')) failures.push(`Test connection: ${test}`);
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();

  // 2. Connect: Hawtio opens the connection in a new window (…?con=<id>)
  const [win] = await Promise.all([
    ctx.waitForEvent('page'),
    page.getByRole('button', { name: 'Connect', exact: true }).first().click(),
  ]);
  await win.waitForLoadState();
  const tree = win.locator('#camel-tree-view');
  await tree.getByText(ROUTES[0], { exact: true }).first().waitFor({ timeout: 60000 });
  console.log(`connected: ${win.url()}`);

  // 3. Camel > <context> > routes: the routes table with exchange counts
  await tree.getByText('routes', { exact: true }).first().click();
  const table = win.locator('main table').first();
  await table.waitFor({ timeout: 30000 });
  await win.waitForTimeout(6000); // a poll or two of the statistics
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim())));
  console.log(`routes view: ${win.url()}`);
  console.log(`  ${headers.join(' | ')}`);
  for (const r of rows) console.log(`  ${r.join(' | ')}`);
  for (const name of ROUTES) {
    const row = rows.find((r) => r.includes(name));
    if (!row) { failures.push(`route ${name} not listed`); continue; }
    const counts = row.filter((c, i) => /^\d+$/.test(c) && /total|completed|exchanges/i.test(headers[i] || ''));
    if (!counts.length) failures.push(`route ${name}: no exchange count shown`);
  }
  await win.screenshot({ path: SHOT });
  console.log(`screenshot: ${SHOT}`);

  console.log('exec/write requests Hawtio sent (and the node\'s answer):');
  if (!refused.size) console.log('  none');
  for (const [k, n] of refused) console.log(`  ${n}x ${k}`);
} finally {
  await browser.close();
}
if (failures.length) { console.error(`FAILED:\n  ${failures.join('\n  ')}`); process.exit(1); }
console.log('OK: Hawtio lists ' + ROUTES.join(', ') + ' with exchange counts');
