// Tries the packaged extension (client/cursus-lsp-vscode.vsix) in a real VS Code, as a user would: code-server
// in a headless Chromium driven by puppeteer-core, on a copy of examples/. First in Restricted Mode (checks,
// hover, completion, a quick fix; no Run lens, executed contract loading refused, saying why), then trusted (runs,
// run report, commands, rule docs). Prints one line per check and exits 1 if one fails; prints "skipped: ..."
// and exits 0 when code-server, puppeteer-core or Chromium is not installed. Setup: docs/editors/vscode.md.
//
//   node scripts/try-vscode.mjs [--screenshots DIR] [--keep]
//
// CURSUS_TRY_VSCODE: the folder holding node_modules/code-server and node_modules/puppeteer-core (default
// /opt/vscode-try); CHROMIUM: the browser (default: chromium, chromium-browser or google-chrome on the PATH).
/* global document */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const toolDir = process.env.CURSUS_TRY_VSCODE || '/opt/vscode-try';

const onPath = (name) => process.env.PATH.split(delimiter).map((d) => join(d, name)).find((f) => existsSync(f));
const codeServer = [join(toolDir, 'node_modules/.bin/code-server')].find((f) => existsSync(f)) ?? onPath('code-server');
const chromium = process.env.CHROMIUM || ['chromium', 'chromium-browser', 'google-chrome'].map(onPath).find(Boolean);
let puppeteer;
try {
  puppeteer = (await import(createRequire(join(toolDir, 'package.json')).resolve('puppeteer-core'))).default;
} catch {
  // Absent: said below.
}
const missing = [
  !codeServer && `code-server (npm install code-server@4.100.3 in ${toolDir}, see docs/editors/vscode.md)`,
  !puppeteer && `puppeteer-core (npm install puppeteer-core in ${toolDir})`,
  !chromium && 'Chromium (apt-get install chromium, or set CHROMIUM)',
].filter(Boolean);
if (missing.length) {
  process.stdout.write(`skipped: the extension was not tried in VS Code: ${missing.join('; ')} not found.\n`);
  process.exit(0);
}
const vsix = join(root, 'client/cursus-lsp-vscode.vsix');
if (!existsSync(vsix)) {
  process.stderr.write('try-vscode: client/cursus-lsp-vscode.vsix is missing: run `npm run build` first.\n');
  process.exit(2);
}

const failures = [];
let server;
let browser;
const tmp = mkdtempSync(join(tmpdir(), 'cursus-try-vscode-'));
async function cleanUp() {
  await browser?.close().catch(() => undefined);
  try {
    // Its own process group: the extension host and the language server it started end with it.
    if (server) process.kill(-server.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  if (args.includes('--keep')) return;
  // Without --screenshots, a failed try keeps its screenshots (in the temporary folder) and nothing else.
  const keepShots = !option('--screenshots') && failures.length > 0;
  for (const entry of readdirSync(tmp)) if (!(keepShots && entry === 'screenshots')) rmSync(join(tmp, entry), { recursive: true, force: true });
  if (!keepShots) rmSync(tmp, { recursive: true, force: true });
}
async function abort(message) {
  failures.push(message);
  process.stderr.write(`try-vscode: ${message}\n`);
  await cleanUp();
  process.exit(1);
}
process.on('SIGINT', () => void cleanUp().then(() => process.exit(130)));

const shots = option('--screenshots') ?? join(tmp, 'screenshots');
mkdirSync(shots, { recursive: true });
const ws = join(tmp, 'examples');
cpSync(join(root, 'examples'), ws, { recursive: true });
const data = join(tmp, 'data');
mkdirSync(join(data, 'User'), { recursive: true });
writeFileSync(join(data, 'User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  // The folder opens in Restricted Mode without asking; the user trusts it later from the Workspace Trust editor.
  'security.workspace.trust.startupPrompt': 'never',
}));
const serverArgs = ['--config', join(tmp, 'config.yaml'), '--user-data-dir', data, '--extensions-dir', join(tmp, 'extensions')];
const install = spawnSync(codeServer, [...serverArgs, '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000 });
if (install.status !== 0) await abort(`code-server --install-extension failed:\n${install.stdout}${install.stderr}`);
const version = spawnSync(codeServer, [...serverArgs, '--version'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();

server = spawn(codeServer, [...serverArgs, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--ignore-last-opened', ws], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let serverLog = '';
server.stdout.on('data', (b) => (serverLog += b));
server.stderr.on('data', (b) => (serverLog += b));
/** Polls until `probe` returns something truthy (its value) or `seconds` pass (undefined). */
async function until(probe, seconds = 30) {
  for (const end = Date.now() + seconds * 1000; Date.now() < end; await sleep(400)) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
  }
  return undefined;
}
async function check(name, probe, seconds) {
  const value = await until(probe, seconds);
  process.stdout.write(value ? `✔ ${name}${typeof value === 'string' ? `: ${value}` : ''}\n` : `✖ ${name}\n`);
  if (!value) failures.push(name);
  await page.screenshot({ path: join(shots, `${String(++shotCount).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}.png`) });
  return value;
}
let shotCount = 0;

const port = await until(async () => /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(serverLog)?.[1], 60);
if (!port) await abort(`code-server did not start:\n${serverLog}`);
process.stdout.write(`VS Code: code-server ${version}; browser: ${chromium}; workspace: a copy of examples/ in ${tmp}\n`);
browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--window-size=1500,950'], defaultViewport: { width: 1500, height: 950 } });
const page = await browser.newPage();
await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`, { waitUntil: 'domcontentloaded' });

// What the user sees, read from the page.
// The editor draws spaces as no-break spaces.
const texts = (selector) => page.$$eval(selector, (els) => els.map((e) => (e.getAttribute('aria-label') || e.innerText).replace(/\u00a0/g, ' ')));
/** The first line of an element matching `pattern` (the line that matched). */
async function seen(selector, pattern) {
  const text = (await texts(selector)).find((t) => pattern.test(t));
  return text && (text.split('\n').find((line) => pattern.test(line)) ?? text);
}
const notification = (pattern) => seen('.notification-list-item-message', pattern);
const lensTitles = () => texts('.editor-group-container.active .codelens-decoration a');
async function keys(combo) {
  const parts = combo.split('+');
  const last = parts.pop();
  for (const k of parts) await page.keyboard.down(k);
  await page.keyboard.press(last);
  for (const k of parts.reverse()) await page.keyboard.up(k);
  await sleep(400);
}
async function command(title) {
  await keys('Escape');
  await keys('F1');
  await page.keyboard.type(title);
  await until(() => seen('.quick-input-list .monaco-list-row', new RegExp(`^${title.replace(/[()]/g, '\\$&')}`)), 10);
  await keys('Enter');
  await sleep(800);
}
async function open(name) {
  await keys('Control+p');
  await page.keyboard.type(name);
  await until(() => seen('.quick-input-list .monaco-list-row', new RegExp(name.replace('.', '\\.'))), 10);
  await keys('Enter');
  await until(async () => (await texts('.tab.active')).some((t) => t.startsWith(name)), 10);
}
async function cursorTo(line, column) {
  await keys('Control+1');
  await keys('Control+g');
  await page.keyboard.type(`${line}:${column}`);
  await keys('Enter');
}
/** Clicks the first code lens whose title matches, once it is drawn (lenses are redrawn as the server answers). */
function clickLens(pattern) {
  return until(async () => {
    const box = await page.evaluate((source) => {
      const lens = [...document.querySelectorAll('.editor-group-container.active .codelens-decoration a')].find((a) => new RegExp(source).test(a.innerText));
      const r = lens?.getBoundingClientRect();
      return r && { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, pattern.source);
    if (box) await page.mouse.click(box.x, box.y);
    return box;
  }, 30);
}
/** The output channel "Cursus LSP", shown in the Output panel, read from the log file VS Code keeps of it (the panel wraps and scrolls). */
async function outputText() {
  await command("Cursus: Show the server's output");
  const logs = join(data, 'logs');
  const file = readdirSync(logs, { recursive: true }).find((f) => f.endsWith('Cursus LSP.log'));
  return file ? readFileSync(join(logs, file), 'utf8') : '';
}
const outputHas = (pattern) => async () => pattern.exec(await outputText())?.[0].split('\n')[0];
/** The status bar's counts: [text, errors, warnings, infos] (it names only the kinds there are). */
async function problems() {
  const text = (await texts('#status\\.problems')).join(' ');
  const count = (kind) => Number(new RegExp(`${kind}: (\\d+)`).exec(text)?.[1] ?? 0);
  return text && [text, count('Errors'), count('Warnings'), count('Infos')];
}
const cli = (file) => JSON.parse(spawnSync(process.execPath, [join(root, 'bin/cursus-lint.cjs'), 'check', file, '--format', 'json'], { cwd: ws, encoding: 'utf8' }).stdout)[0].diagnostics;

try {
  process.stdout.write('Restricted Mode (the folder is not trusted):\n');
  await check('the extension starts in Restricted Mode', async () => (await texts('.statusbar-item')).find((t) => /Cursus.*running \(Restricted Mode/.test(t)), 60);
  await open('broken.pipeline.yaml');
  const expected = cli('specs/broken.pipeline.yaml');
  const count = (severity) => expected.filter((d) => d.severity === severity).length;
  await check(`the Problems view has the CLI's ${count('error')} errors and ${count('warning')} warnings`, async () => {
    const p = await problems();
    return p && Number(p[1]) === count('error') && Number(p[2]) === count('warning') && p[0];
  }, 60);
  await cursorTo(14, 6);
  await keys('Control+k');
  await keys('Control+i');
  await check('hover on a key describes it', () => seen('.monaco-hover-content', /script_name \(required\)/));
  await keys('Escape');
  await cursorTo(15, 1);
  await keys('End');
  await keys('Enter');
  await keys('Control+Space');
  await check('completion offers the keys a script spec lacks', async () => (await seen('.suggest-widget .monaco-list-row', /^script_path\b/)) && (await texts('.suggest-widget .monaco-list-row')).map((t) => t.split(',')[0]).join(' '));
  await keys('Escape');
  await keys('Control+z');
  const d400 = expected.find((d) => d.code === 'D400');
  await cursorTo(d400.line, d400.column);
  await keys('Control+.');
  const fix = await check('a quick fix is offered at the finding', () => seen('.action-widget .monaco-list-row', /^Change to 'XGBoostTraining'/));
  if (fix) {
    await keys('Enter');
    await check('applying it fixes the line and drops the error', async () => {
      const p = await problems();
      const lines = await texts('.editor-group-container.active .view-line');
      return p && Number(p[1]) === count('error') - 1 && lines.some((l) => /\[TabularPreprocessing_training, XGBoostTraining\]/.test(l)) && p[0];
    });
  }
  // Saved and closed, so that the Problems view later shows the failing run's findings.
  await keys('Control+s');
  await keys('Control+w');
  await open('demo.pipeline.yaml');
  // Runs are off until the folder is trusted, so no Run lens is offered (each would only be refused); after
  // trusting, the same spec's lenses are checked below, so this cannot pass by the lenses being slow.
  await sleep(4000);
  await check('the demo shows no Run lens while runs are off', async () => !(await lensTitles()).some((t) => /Run/.test(t)) && 'none');
  await command('Cursus: Load contracts by executing Python');
  await check('Load contracts says why it is off', outputHas(/loadContracts refused: This workspace is not trusted/));
  await check('the output channel logs the project root and its contracts', outputHas(/project \S+ .*\d+ contract\(s\), \d+ script\(s\) indexed/));
  // A JSON script spec as Cursus saves it, with an unknown key and a number where a string belongs.
  const json = 'tabular_preprocessing_runtime_test_spec.json';
  await open(json);
  await cursorTo(2, 1);
  await keys('End');
  await keys('Enter');
  await page.keyboard.type('"scrpt_note": 1,');
  // Typing opens the suggestions by itself: closed, so that Enter below starts a new line.
  await sleep(1500);
  await keys('Escape');
  await keys('Control+s');
  const jsonFindings = cli(`test/integration/runtime/.specs/${json}`).length;
  await check(`each finding in a JSON spec is listed once (the CLI's ${jsonFindings})`, async () => {
    const p = await problems();
    return p && Number(p[1]) + Number(p[2]) + Number(p[3] ?? 0) === jsonFindings && p[0];
  }, 60);
  await keys('Escape');
  await keys('End');
  await keys('Enter');
  await page.keyboard.type('"');
  await keys('Control+Space');
  await check('completion in a JSON spec offers the keys it lacks', () => seen('.suggest-widget .monaco-list-row', /^input_path_specs, Field/));
  await keys('Escape');

  process.stdout.write('Trusted:\n');
  await command('Workspaces: Manage Workspace Trust');
  await until(() => seen('.workspace-trust-editor .monaco-button', /^Trust$/), 10);
  for (const b of await page.$$('.workspace-trust-editor .monaco-button')) if ((await b.evaluate((e) => e.innerText)) === 'Trust') await b.click();
  await check('trusting the folder restarts the server with runs allowed', outputHas(/workspace trusted: restarting[^]*language server running/), 60);
  await open('demo.pipeline.yaml');
  await clickLens(/Run pipeline/);
  await check('Run pipeline runs the demo with real Python', () => notification(/passed: \d+ run/), 120);
  await check('the lens shows the last result', async () => (await lensTitles()).find((t) => /Run pipeline \(last: passed\)/.test(t)));
  await check('the output channel logs the run', outputHas(/run of \S+demo\.pipeline\.yaml .*finished: passed.*/));
  await command('Cursus: Show the run report of this pipeline');
  await check('the run report opens beside the spec', async () => {
    for (const frame of page.frames()) {
      const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      const m = /demo\.pipeline\.yaml: passed/.exec(text);
      if (m) return m[0];
    }
    return undefined;
  });
  await keys('Control+1');
  await command('Cursus: Load contracts by executing Python');
  await check('Load contracts says why it loaded nothing', () => notification(/nothing to load: .*read without Python/));
  await open('failing.pipeline.yaml');
  await clickLens(/Run pipeline/);
  await check('a failing run is reported', () => notification(/failed: .*1 failed/), 120);
  await check('edge lenses name the step that stopped them', async () => (await lensTitles()).find((t) => /Run edge \(last: XGBoostTraining failed\)/.test(t)));
  await command('Problems: Focus on Problems View');
  await check('its exception is a finding in the Problems view', () => seen('.markers-panel .monaco-list-row', /^Error: Last run failed: KeyError: 'feature_names'/));
  await until(() => page.$('.markers-panel a.monaco-link'), 10);
  const codeLink = await page.$('.markers-panel a.monaco-link');
  const code = codeLink && (await codeLink.evaluate((e) => e.innerText));
  await codeLink?.click();
  const heading = readFileSync(join(root, 'docs/rules.md'), 'utf8').split('\n').indexOf(`## ${code}`) + 1;
  await check(`the rule code ${code} opens its documentation at its heading (line ${heading})`, async () => (await texts('.tab.active')).some((t) => t.startsWith('rules.md')) && (await texts('#status\\.editor\\.selection')).find((t) => t.includes(`Ln ${heading},`)));
  // Workspace settings written as a user would save them: one rule off, one code mistyped.
  const errorsBefore = (await problems())[1];
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.vscode/settings.json'), JSON.stringify({ 'cursus-lsp.rules': { R700: 'off', R7OO: 'warning' } }));
  await check('a mistyped rule code in the settings is named', () => notification(/R7OO.*ignored/));
  await check('a rule turned off in the settings leaves the Problems view', async () => {
    const p = await problems();
    return p[1] < errorsBefore && `errors ${errorsBefore} -> ${p[1]}`;
  });
  await command('Cursus: Restart the language server');
  await check('Restart says it restarted', () => notification(/language server was restarted/));
} catch (err) {
  failures.push(String(err?.stack ?? err));
  process.stderr.write(`${err?.stack ?? err}\n`);
} finally {
  await cleanUp();
}
process.stdout.write(failures.length ? `✖ ${failures.length} check(s) failed; screenshots: ${shots}\n` : `✔ all checks passed in code-server ${version}${option('--screenshots') ? `; screenshots: ${shots}` : ''}\n`);
process.exit(failures.length ? 1 : 0);
