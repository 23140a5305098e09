// The web page of `urlscan serve --role app` in real headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core): each variant checks a URL, shows the verdict,
// takes "Yes"/"No" and moves the feedback counter in /metrics; with JavaScript off the forms
// still work; the page is usable by keyboard. A screenshot of each variant is kept.
//
// Usage: node page_test.mjs URLSCAN_BINARY ARTIFACT_DIR
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [urlscan, artifacts] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
mkdirSync(artifacts, { recursive: true });
let passed = 0, failed = 0;
function check(name, cond, detail = '') {
  if (cond) passed++;
  else { failed++; console.log(`FAIL: ${name} ${detail}`); }
}

function startServer(variant) {
  return new Promise((resolve, reject) => {
    const proc = spawn(urlscan, ['serve', '--role', 'app', '--variant', variant, '--bind', '127.0.0.1',
                                 '--port', '0', '--rate-limit', '0'],
                       { env: { ...process.env, URLSCAN_CACHE_DIR: 'off' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    proc.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/127\.0\.0\.1:(\d+)/);
      if (m) resolve({ proc, base: `http://127.0.0.1:${m[1]}` });
    });
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
}

async function feedbackCount(base, variant, answer) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('urlscan_feedback_total{') &&
    l.includes(`variant="${variant}"`) && l.includes(`answer="${answer}"`));
  return line ? Number(line.split(' ').pop()) : NaN;
}

const phishing = 'http://paypal.com.account-verify.info/webscr?cmd=_login';
const browser = await chromium.launch({ executablePath, headless: true,
                                        args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const variant of ['binary', 'probability']) {
    const { proc, base } = await startServer(variant);
    try {
      // JavaScript on: checked in place, answered in place.
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(base + '/');
      const input = page.getByLabel('Paste a link to check');
      check(`${variant}: the input has its label`, await input.count() === 1);
      const footer = await page.locator('footer').innerText();
      const version = await (await fetch(`${base}/version`)).json();
      check(`${variant}: version in the footer`, footer.includes(version.version) && footer.includes(version.model.id), footer);
      await input.fill(phishing);
      await page.keyboard.press('Enter');  // keyboard only
      await page.locator('#verdict').waitFor({ timeout: 10000 });
      const answer = await page.locator('#verdict .answer').innerText();
      if (variant === 'binary') check('binary: phishing shown', /^Phishing/.test(answer), answer);
      else check('probability: a percentage shown', /^Probability of phishing: \d+(\.\d)?%$/.test(answer), answer);
      check(`${variant}: verdict attribute`, await page.locator('#verdict').getAttribute('data-verdict') === 'phishing');
      check(`${variant}: reasons listed`, await page.locator('#verdict .reasons li').count() >= 1);
      await page.screenshot({ path: `${artifacts}/page-${variant}.png`, fullPage: true });
      const before = await feedbackCount(base, variant, 'yes');
      await page.getByRole('button', { name: 'Yes' }).click();
      await page.locator('#thanks').waitFor({ timeout: 10000 });
      const after = await feedbackCount(base, variant, 'yes');
      check(`${variant}: Yes moves urlscan_feedback_total`, after === before + 1, `${before} -> ${after}`);
      check(`${variant}: no page errors`, errors.length === 0, errors.join('; '));
      // Keyboard: Tab from the input reaches the Check button.
      await page.goto(base + '/');
      await page.getByLabel('Paste a link to check').focus();
      await page.keyboard.press('Tab');
      check(`${variant}: Tab reaches Check`, await page.evaluate(() => document.activeElement.id) === 'check');
      await page.close();

      // JavaScript off: the form posts, the server renders; "No" posts and comes back thanked.
      const context = await browser.newContext({ javaScriptEnabled: false });
      const plain = await context.newPage();
      await plain.goto(base + '/');
      await plain.getByLabel('Paste a link to check').fill('https://www.wikipedia.org/');
      await plain.getByRole('button', { name: 'Check' }).click();
      await plain.waitForURL(`${base}/check`);
      check(`${variant}, no JS: verdict rendered`,
            await plain.locator('#verdict').getAttribute('data-verdict') === 'legitimate');
      await plain.screenshot({ path: `${artifacts}/page-${variant}-nojs.png`, fullPage: true });
      const noBefore = await feedbackCount(base, variant, 'no');
      await plain.getByRole('button', { name: 'No' }).click();
      await plain.waitForURL(`${base}/?feedback=thanks`);
      check(`${variant}, no JS: thanked`, (await plain.locator('#result').innerText()).includes('Thank you'));
      check(`${variant}, no JS: No moves the counter`, await feedbackCount(base, variant, 'no') === noBefore + 1);
      await context.close();
    } finally {
      proc.kill('SIGTERM');
    }
  }
} catch (e) {
  check('no exception', false, String(e && e.stack || e));
} finally {
  await browser.close();
}
console.log(`screenshots in ${artifacts}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
