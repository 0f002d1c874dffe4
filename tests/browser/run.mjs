// Browser test: starts the real zhifa binary with the demo data on a free port, drives Debian's
// Chromium through playwright-core as a person would, and asserts what the page shows.
// Screenshots go to tests/browser/artifacts/ (always on failure, and one per step).
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = process.env.ZHIFA_BIN || join(root, 'target', 'debug', 'zhifa');
const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const PASSWORD = 'Zhifa@2026demo';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function waitHealthy(base, child) {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error(`zhifa exited with ${child.exitCode}`);
    try { const r = await fetch(`${base}/healthz`); if (r.ok) return; } catch {}
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('zhifa did not become healthy in 120 s');
}

const dataDir = mkdtempSync(join(tmpdir(), 'zhifa-browser-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(bin, ['--data-dir', dataDir, 'serve', '--demo', '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'inherit', 'inherit'] });
let passed = 0, failed = 0;
let browser;
try {
  await waitHealthy(base, server);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--disable-quic', '--no-first-run'],
  });

  // Confirmations before irreversible acts are accepted, and remembered for the checks to read.
  const dialogs = [];
  const plainContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const c = await plainContext(options);
    c.on('page', p => p.on('dialog', d => { dialogs.push(d.message()); d.accept().catch(() => {}); }));
    return c;
  };

  async function check(name, fn) {
    // ONLY=<part of a name> runs just the matching checks (while writing one).
    if (process.env.ONLY && !name.includes(process.env.ONLY)) return;
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    try {
      await fn(page);
      passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      const shot = join(artifacts, `failure-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      console.log(`not ok - ${name}: ${e.message}\n  screenshot: ${shot}`);
    } finally {
      await context.close();
    }
  }

  function expect(cond, msg) { if (!cond) throw new Error(msg); }

  await check('officer signs in and sees only the own body\'s officers', async (page) => {
    await page.goto(`${base}/officers`);
    expect(page.url().endsWith('/login'), `unauthenticated visit should land on /login, got ${page.url()}`);
    await page.getByLabel('用户名').fill('scjg.zf01');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    const h1 = await page.locator('h1').innerText();
    expect(h1.includes('您好'), `home heading: ${h1}`);
    await page.screenshot({ path: join(artifacts, 'home-officer.png'), fullPage: true });
    await page.getByRole('link', { name: '执法人员', exact: true }).first().click();
    await page.waitForURL(`${base}/officers`);
    const rows = page.locator('tbody tr');
    const n = await rows.count();
    expect(n >= 10, `expected the body's officers, got ${n} rows`);
    const bodies = await page.locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(bodies.every(b => b === '天津市宝坻区市场监督管理局'), `foreign body visible: ${[...new Set(bodies)]}`);
    await page.screenshot({ path: join(artifacts, 'officers.png'), fullPage: true });
    // The masked identity number is all an officer sees of a colleague.
    await rows.first().locator('a').click();
    const facts = await page.locator('dl.facts').innerText();
    expect(/\d{6}\*{8}[\dX]{4}/.test(facts), `identity number should be masked: ${facts}`);
  });

  await check('public certificate check by number shows status and nothing private', async (page) => {
    await page.goto(`${base}/public/certificates`);
    await page.getByLabel('证件编号').fill('津12011500009');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/\/public\/certificates\/.+/);
    const text = await page.locator('main').innerText();
    expect(text.includes('过期'), 'expired certificate shows 过期');
    expect(text.includes('该证件当前不能用于执法'), 'warning shown');
    expect(!/\d{17}[\dX]/.test(text) && !/(?<!\d)1[3-9]\d{9}(?!\d)/.test(text), 'no identity or mobile number on the public page');
    await page.screenshot({ path: join(artifacts, 'public-certificate.png'), fullPage: true });
    await page.goto(`${base}/public/certificates/${encodeURIComponent('津12011500001')}`);
    const valid = await page.locator('dd.st-valid').innerText();
    expect(valid.includes('有效'), `valid certificate: ${valid}`);
    // The certificate's QR code leads here; a scan is a visit to its address.
    expect(await page.locator('#cert-qr svg').isVisible(), 'the QR code is shown');
    const label = await page.locator('#cert-qr svg').getAttribute('aria-label');
    expect(label && label.includes('二维码'), `QR label: ${label}`);
    // A document check with a code that does not match says so, and shows nothing.
    await page.goto(`${base}/public/documents`);
    await page.getByLabel('文号').fill('002许决〔2026〕1号');
    await page.getByLabel('核验码').fill('AAAAAAAA');
    await page.getByRole('button', { name: '核验' }).click();
    const result = await page.locator('#result').innerText();
    expect(result.includes('未查到'), `wrong code: ${result}`);
    await page.screenshot({ path: join(artifacts, 'public-document-check.png'), fullPage: true });
  });

  await check('officer uploads evidence from the page; the supervisor must state a purpose to see it', async (page) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('scjg.zf01');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    // From the case page: the case is known, its number not typed; the file input offers the camera.
    const open = (await (await page.request.get(`${base}/api/v1/cases`)).json()).find(c => c.stage !== 'archived');
    await page.goto(`${base}/cases/${open.id}`);
    await page.locator('#upload-evidence').click();
    expect((await page.locator('#upload-case').innerText()).includes(open.number), 'the upload names the case');
    const accept = await page.locator('input[type=file]').getAttribute('accept');
    expect(accept.includes('image/*') && accept.includes('video/*') && accept.includes('.mp4'), `accept: ${accept}`);
    await page.getByLabel('采集时间').fill('2026-11-20T09:30');
    // Submitting without a place: the field is named, nothing is stored.
    const video = Buffer.alloc(256 * 1024, 7);
    await page.locator('input[type=file]').setInputFiles({ name: '现场执法记录.mp4', mimeType: 'video/mp4', buffer: video });
    await page.getByRole('button', { name: '上传' }).click();
    await page.locator('[data-error="capture_place"]').filter({ hasText: '不能为空' }).waitFor();
    await page.screenshot({ path: join(artifacts, 'evidence-upload-error.png'), fullPage: true });
    await page.getByLabel('采集地点').fill('宝坻区南城东路12号');
    await page.getByLabel('证明对象').fill('当事人无证经营的事实');
    await page.getByLabel('采集设备编号').fill('DSJ-0012');
    await page.getByLabel('当事人证件号码').fill('91350100M000100Y43');
    await page.getByRole('button', { name: '上传' }).click();
    // Back to the case it was uploaded for; the item is in the case's evidence list.
    await page.waitForURL(`${base}/cases/${open.id}`);
    await page.goto(`${base}/evidence?case_number=${encodeURIComponent(open.number)}`);
    await page.locator('table a[href^="/evidence/"]').first().click();
    await page.waitForURL(/\/evidence\/\d+$/);
    const text = await page.locator('main').innerText();
    expect(text.includes('当事人无证经营的事实') && /SM3\s+[0-9a-f]{64}/.test(text), `item page: ${text}`);
    expect(await page.getByRole('link', { name: open.number }).count() === 1, 'the item links back to its case');
    await page.screenshot({ path: join(artifacts, 'evidence-item.png'), fullPage: true });
    const itemUrl = page.url();
    // The justice bureau is asked why before the item opens.
    const sup = await browser.newContext({ locale: 'zh-CN' });
    const p2 = await sup.newPage();
    await p2.goto(`${base}/login`);
    await p2.getByLabel('用户名').fill('sfj.jd');
    await p2.getByLabel('密码').fill(PASSWORD);
    await p2.getByRole('button', { name: '登录' }).click();
    await p2.waitForURL(`${base}/`);
    await p2.goto(itemUrl);
    await p2.getByLabel('调阅事由').fill('行政复议案件调卷');
    await p2.getByRole('button', { name: '调阅' }).click();
    await p2.locator('h1', { hasText: '证据' }).first().waitFor();
    const seen = await p2.locator('main').innerText();
    expect(seen.includes('当事人无证经营的事实'), `supervisor view: ${seen}`);
    await p2.screenshot({ path: join(artifacts, 'evidence-supervisor.png'), fullPage: true });
    await sup.close();
  });

  async function signIn(page, user) {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill(user);
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
  }

  await check('officer runs a case on a phone: register, filed by the head, a one-officer field step refused, then recorded', async () => {
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    try {
      await signIn(page, 'scjg.zf01');
      // A partner whose certificate runs to 2029 (the demo has expired and suspended ones too).
      const me = (await (await page.request.get(`${base}/api/v1/me`)).json()).officer_id;
      const certs = await (await page.request.get(`${base}/api/v1/certificates`)).json();
      const partner = certs.find(c => c.valid_to.startsWith('2029') && c.effective_status === 'valid' && c.officer_id !== me).officer_id;
      await page.goto(`${base}/cases`);
      await page.getByRole('link', { name: '登记案件' }).click();
      await page.getByLabel('案件类型').selectOption('penalty_general');
      await page.getByLabel('权责清单事项').selectOption('MS-CF-002');
      await page.getByLabel('姓名或名称').fill('宝坻区某某食品店');
      await page.getByLabel('公民身份号码或统一社会信用代码').fill('91350100M000100Y43');
      await page.locator(`input[name=officer_ids][value="${partner}"]`).check();
      await page.getByLabel('违法行为发生日期').fill('2026-10-01');
      // Without the facts and the legal representative: both named, nothing stored.
      await page.getByRole('button', { name: '登记' }).click();
      await page.locator('.error', { hasText: '案情摘要不能为空' }).waitFor();
      await page.locator('.error', { hasText: '法定代表人' }).waitFor();
      await page.screenshot({ path: join(artifacts, 'case-new-errors-phone.png'), fullPage: true });
      await page.getByLabel('法定代表人或负责人').fill('王五');
      await page.getByLabel('案情摘要').fill('接群众举报，该店销售超过保质期的食品');
      await page.getByRole('button', { name: '登记' }).click();
      await page.waitForURL(/\/cases\/\d+$/);
      const caseUrl = page.url();
      expect((await page.locator('h1').innerText()).includes('待立案'), 'a new case waits for filing');

      // The head files it (立案 is approved by the head).
      const desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
      const hp = await desk.newPage();
      await signIn(hp, 'scjg.fzr');
      // The new case waits on the head's workbench (the home page): found without a search.
      const number = (await page.locator('h1').innerText()).trim().split(/\s+/)[0];
      const task = hp.locator('#workbench li', { hasText: number });
      expect((await task.innerText()).includes('立案'), 'the head is asked to file it');
      await hp.screenshot({ path: join(artifacts, 'workbench-head.png'), fullPage: true });
      await task.locator('a.task').click();
      await hp.waitForURL(caseUrl);
      await hp.getByRole('link', { name: /^立案/ }).click();
      await hp.getByLabel(/^事由/).fill('经审查符合立案条件，同意立案');
      await hp.getByRole('button', { name: '记录' }).click();
      await hp.waitForURL(caseUrl);
      expect((await hp.locator('h1').innerText()).includes('已立案'), 'filed');
      await desk.close();

      // Filed: the officer's workbench now holds the investigation and the filing form to make.
      await page.goto(`${base}/`);
      const mine = await page.locator('#workbench li', { hasText: number }).allInnerTexts();
      expect(mine.some(t => t.includes('调查取证')) && !mine.some(t => t.includes('立案审批表')), `officer's tasks (the filing form was made with the step): ${mine}`);
      await page.screenshot({ path: join(artifacts, 'workbench-officer-phone.png'), fullPage: true });
      // The officer records the inspection with one officer: refused, the article named.
      await page.goto(caseUrl);
      await page.getByRole('link', { name: /^调查取证/ }).click();
      await page.locator(`input[name=officer_ids][value="${partner}"]`).uncheck();
      await page.getByLabel('地点').fill('宝坻区南城东路12号');
      await page.getByLabel(/^检查（勘验）笔录内容/).fill('现场检查：货架上有超过保质期的食品20箱');
      await page.getByRole('button', { name: '记录' }).click();
      const alert = await page.getByRole('alert').innerText();
      expect(alert.includes('第四十二条'), `refusal names the article: ${alert}`);
      await page.screenshot({ path: join(artifacts, 'case-step-refused-phone.png'), fullPage: true });
      await page.locator(`input[name=officer_ids][value="${partner}"]`).check();
      await page.getByRole('button', { name: '记录' }).click();
      await page.waitForURL(caseUrl);
      const text = await page.locator('main').innerText();
      expect(text.includes('调查取证') && text.includes('第六十条') && text.includes('事先告知'), `case page: ${text}`);
      await page.screenshot({ path: join(artifacts, 'case-phone.png'), fullPage: true });

      // The filing form was made with the 立案 step: the sheet, then its PDF with the digest shown.
      await page.locator('#documents a', { hasText: '立案审批表' }).first().click();
      await page.waitForURL(/\/documents\/\d+$/);
      const sheet = await page.locator('article.sheet').innerText();
      expect(sheet.includes('立案审批表') && sheet.includes('宝坻区某某食品店') && sheet.includes('经审查符合立案条件'), `sheet: ${sheet}`);
      await page.screenshot({ path: join(artifacts, 'document-phone.png'), fullPage: true });
      const sm3 = (await page.locator('dd.mono').first().innerText()).trim();
      const pdf = await page.request.get(page.url() + '/pdf');
      expect(pdf.status() === 200 && pdf.headers()['content-type'] === 'application/pdf', `pdf ${pdf.status()}`);
      expect(pdf.headers()['x-content-sm3'] === sm3, 'the PDF is the one whose SM3 the page shows');
      const bytes = await pdf.body();
      expect(bytes.subarray(0, 5).toString() === '%PDF-', 'a PDF');
      writeFileSync(join(artifacts, 'filing-approval.pdf'), bytes);
      // A penalty decision cannot be made before the decision step: the case page says why.
      await page.goto(caseUrl);
      expect(!(await page.locator('main').innerText()).includes('制作行政处罚决定书'), 'no decision document before the decision');
      // The four-property check of the case file so far, on demand.
      await page.getByRole('button', { name: '四性检测' }).click();
      await page.waitForURL(/#archive$/);
      const archive = await page.locator('#archive').innerText();
      expect(archive.includes('按需检测') && archive.includes('真实性') && archive.includes('通过'), `archive: ${archive}`);
      await page.locator('#archive').screenshot({ path: join(artifacts, 'archive-check-phone.png') });
    } catch (e) {
      await page.screenshot({ path: join(artifacts, 'failure-case-phone.png'), fullPage: true }).catch(() => {});
      throw e;
    } finally {
      await phone.close();
    }
  });

  await check('a body files an adapted template; the supervisor sees the change and approves it', async (page) => {
    await signIn(page, 'scjg.fzr');
    await page.goto(`${base}/doc-templates`);
    await page.locator('tr', { hasText: '责令改正通知书' }).getByRole('link', { name: '调整并报备' }).click();
    const area = page.getByLabel('模板内容');
    const text = await area.inputValue();
    await area.fill(text.replace('逾期不改正的，本机关将依法处理。', '逾期不改正的，本机关将依法处理。如有疑问，请致电本局法制科。'));
    await page.getByRole('button', { name: '报司法局备案' }).click();
    // Without the note: refused, the text kept.
    await page.locator('#template-error', { hasText: '请说明调整的内容和理由' }).waitFor();
    await page.getByLabel(/^调整说明/).fill('增加咨询电话提示');
    await page.getByRole('button', { name: '报司法局备案' }).click();
    await page.waitForURL(/\/doc-templates\/\d+$/);
    const url = page.url();
    expect((await page.locator('h1').first().innerText()).includes('待审查'), 'filed, waiting for review');
    await page.context().clearCookies();
    await signIn(page, 'sfj.jd');
    await page.goto(`${base}/doc-templates`);
    await page.locator('#versions a', { hasText: '责令改正通知书' }).first().click();
    const diff = await page.locator('pre.diff').innerText();
    expect(diff.includes('+') && diff.includes('请致电本局法制科'), `diff: ${diff}`);
    await page.screenshot({ path: join(artifacts, 'template-review.png'), fullPage: true });
    await page.getByRole('button', { name: '备案通过' }).click();
    await page.waitForURL(url);
    expect((await page.locator('h1').first().innerText()).includes('备案通过'), 'approved');
  });

  await check('legal review on the pages: submit (incomplete refused), the reviewer sends it back, the resubmission shows what changed, then agreed', async (page) => {
    // A filed case made through the API (the walk-through above covers the forms of 立案).
    async function apiAs(user) {
      const ctx = await browser.newContext();
      const r = await ctx.request.post(`${base}/api/v1/session`, { data: { username: user, password: PASSWORD } });
      const csrf = (await r.json()).csrf_token;
      return { ctx, post: async (path, data) => {
        const res = await ctx.request.post(`${base}${path}`, { data, headers: { 'x-csrf-token': csrf } });
        const body = await res.json();
        if (res.status() !== 201) throw new Error(`${path}: ${res.status()} ${JSON.stringify(body)}`);
        return body;
      }, get: async (path) => (await ctx.request.get(`${base}${path}`)).json() };
    }
    const officer = await apiAs('scjg.zf01');
    const me = (await officer.get('/api/v1/me')).officer_id;
    const certs = await officer.get('/api/v1/certificates');
    const partner = certs.find(c => c.valid_to.startsWith('2029') && c.effective_status === 'valid' && c.officer_id !== me).officer_id;
    const c = await officer.post('/api/v1/cases', { kind: 'penalty_general', power_item_code: 'MS-CF-002', source: '投诉举报',
      domain: '市场监管', parties: [{ name: '宝坻区某某超市', id_number: '91350100M000100Y43', legal_representative: '赵六' }],
      officer_ids: [me, partner], facts: '销售超过保质期的食品', act_date: '2026-10-01' });
    const head = await apiAs('scjg.fzr');
    await head.post(`/api/v1/cases/${c.id}/steps`, { kind: 'file', content: '经审查符合立案条件，同意立案' });
    await officer.post(`/api/v1/cases/${c.id}/steps`, { kind: 'investigate', officer_ids: [me, partner],
      place: '宝坻区南城东路12号', content: '现场检查：货架上有超过保质期的食品20箱' });
    await officer.post(`/api/v1/cases/${c.id}/steps`, { kind: 'notify_intent', penalty_kinds: ['罚款'], fine: '5000',
      violated: ['食品安全法 第三十四条'], legal_basis: ['食品安全法 第一百二十四条'], content: '销售超过保质期的食品20箱' });
    await officer.ctx.close(); await head.ctx.close();

    await signIn(page, 'scjg.zf01');
    await page.goto(`${base}/cases/${c.id}`);
    expect((await page.locator('#review').innerText()).includes('须经法制审核'), 'the case page says review is required');
    await page.getByRole('link', { name: '送审、审核意见和审核过程' }).click();
    expect((await page.locator('#requirement').innerText()).includes('一般程序行政处罚决定'), 'why it is required');
    // Drafted from the notice; the facts emptied and the discretion left out: both named.
    expect((await page.getByLabel('案件事实').inputValue()).includes('销售超过保质期的食品'), 'the facts drafted from the notice');
    await page.getByLabel('拟作出的决定').fill('罚款五千元，没收违法所得');
    await page.getByLabel('案件事实').fill('');
    await page.locator('#form-submit').getByLabel(/^签名密码/).fill(PASSWORD);
    await page.getByRole('button', { name: '送审' }).click();
    const alert = await page.getByRole('alert').innerText();
    expect(alert.includes('案件事实不能为空') && alert.includes('裁量理由'), `missing items named: ${alert}`);
    await page.getByLabel('案件事实').fill('2026年10月1日销售超过保质期的食品20箱');
    await page.getByLabel(/^证据清单/).fill('现场检查笔录\n询问笔录');
    await page.getByLabel(/^法律依据/).fill('《食品安全法》第一百二十四条');
    await page.getByLabel('裁量理由').fill('初次违法，货值较小，从轻处罚');
    await page.locator('#form-submit').getByLabel(/^签名密码/).fill(PASSWORD);
    await page.getByRole('button', { name: '送审' }).click();
    await page.waitForURL(`${base}/cases/${c.id}/review`);
    expect((await page.locator('h1').innerText()).includes('第1版审核中'), 'under review');

    await page.context().clearCookies();
    await signIn(page, 'scjg.fzsh');
    await page.goto(`${base}/review`);
    const row = page.locator('#queue tr', { hasText: c.number });
    expect((await row.innerText()).includes('待审核'), 'in the reviewer queue with its time limit');
    await page.screenshot({ path: join(artifacts, 'review-queue.png'), fullPage: true });
    await row.getByRole('link').click();
    await page.getByLabel('证据是否合法充分符合').uncheck();
    await page.locator('input[name=note_evidence]').fill('询问笔录未经当事人签名');
    await page.getByLabel('审核结论').selectOption('revise');
    await page.getByLabel(/^审核意见/).fill('补正询问笔录后重新送审');
    await page.locator('#form-opinion').getByLabel(/^签名密码/).fill(PASSWORD);
    await page.getByRole('button', { name: '提交审核意见' }).click();
    await page.waitForURL(`${base}/cases/${c.id}/review`);
    const trail = await page.locator('#trail').innerText();
    expect(trail.includes('修改后重新送审') && trail.includes('询问笔录未经当事人签名'), `trail: ${trail}`);

    await page.context().clearCookies();
    await signIn(page, 'scjg.zf01');
    await page.goto(`${base}/cases/${c.id}/review`);
    await page.getByLabel(/^证据清单/).fill('现场检查笔录\n询问笔录（当事人已签名）');
    await page.getByLabel(/^送审说明/).fill('补正询问笔录签名');
    await page.locator('#form-submit').getByLabel(/^签名密码/).fill(PASSWORD);
    await page.getByRole('button', { name: '送审' }).click();
    await page.waitForURL(`${base}/cases/${c.id}/review`);
    const changes = await page.locator('#submissions details[open] .changes').innerText();
    expect(changes.includes('询问笔录（当事人已签名）') && changes.includes('补正询问笔录签名'), `changes: ${changes}`);
    await page.screenshot({ path: join(artifacts, 'review-resubmitted.png'), fullPage: true });

    await page.context().clearCookies();
    await signIn(page, 'scjg.fzsh');
    await page.goto(`${base}/cases/${c.id}/review`);
    await page.getByLabel('审核结论').selectOption('agree');
    await page.getByLabel(/^审核意见/).fill('同意');
    await page.locator('#form-opinion').getByLabel(/^签名密码/).fill(PASSWORD);
    await page.getByRole('button', { name: '提交审核意见' }).click();
    // The passing opinion recorded the 法制审核 step and made the 法制审核意见书 with it.
    await page.waitForURL(/\/documents\/\d+$/);
    const sheet = await page.locator('article.sheet').innerText();
    expect(sheet.includes('重大执法决定法制审核意见书') && sheet.includes('证据是否合法充分') && sheet.includes('电子签名'), `sheet: ${sheet}`);
    await page.screenshot({ path: join(artifacts, 'review-opinion.png'), fullPage: true });
    const opinionPdf = await page.request.get(page.url() + '/pdf');
    writeFileSync(join(artifacts, 'review-opinion.pdf'), await opinionPdf.body());
    await page.goto(`${base}/cases/${c.id}/review`);
    expect((await page.locator('h1').innerText()).includes('第2版审核通过'), 'passed');
    const signedTrail = await page.locator('#trail').innerText();
    expect((signedTrail.match(/本人签名有效/g) || []).length === 4, `every act signed: ${signedTrail}`);
    await page.screenshot({ path: join(artifacts, 'review-passed.png'), fullPage: true });
    await page.goto(`${base}/cases/${c.id}`);
    const steps = await page.locator('ol.steps').innerText();
    expect(steps.includes('法制审核') && steps.includes('已法制审核'), `the step was recorded with the opinion: ${steps}`);
    await page.goto(`${base}/review`);
    const stats = await page.locator('#stats').innerText();
    expect(stats.includes('天津市宝坻区市场监督管理局'), `the body's figures: ${stats}`);
  });

  await check('a citizen on a phone finds a published decision by the applicant\'s name and sees nothing private', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/`);
      expect(page.url().endsWith('/public'), `a visitor lands on the portal, got ${page.url()}`);
      await page.getByLabel('关键词').first().fill('李建国');
      await page.getByRole('button', { name: '查询' }).first().click();
      await page.waitForURL(/\/public\/decisions\?/);
      const hits = await page.locator('#hits').innerText();
      expect(hits.includes('李建国') && hits.includes('行政许可'), `hits: ${hits}`);
      await page.screenshot({ path: join(artifacts, 'public-search.png'), fullPage: true });
      await page.locator('#hits a').first().click();
      await page.waitForURL(/\/public\/decisions\/\d+$/);
      const text = await page.locator('main').innerText();
      expect(text.includes('全文 SM3') && text.includes('许决'), `decision page: ${text}`);
      for (const priv of ['120224198503151237', '东王庄村', '13612345678']) {
        expect(!text.includes(priv), `private ${priv} shown`);
      }
      expect(text.includes('136****5678'), 'the telephone is masked, not dropped');
      await page.screenshot({ path: join(artifacts, 'public-decision.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  await check('an officer reviews the redaction side by side and publishes an inspection result', async (page) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('scjg.zf01');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('link', { name: '执法公示', exact: true }).click();
    const todo = await page.locator('#todo').innerText();
    expect(todo.includes('待公开') && todo.includes('其他行政执法决定'), `todo: ${todo}`);
    await page.locator('#todo tr', { hasText: '鑫源超市' }).locator('a').first().click();
    await page.waitForURL(/\/publications\/\d+$/);
    expect(await page.locator('#original').isVisible() && await page.locator('#proposed').isVisible(), 'side by side');
    await page.screenshot({ path: join(artifacts, 'publication-preview.png'), fullPage: true });
    const asked = dialogs.length;
    await page.getByRole('button', { name: '确认公开' }).click();
    await page.waitForURL(/\/publications\/\d+$/);
    expect((await page.locator('#status').innerText()).includes('已公开'), 'published');
    expect(dialogs.length === asked + 1 && dialogs[asked].includes('向社会公开'), `asked once before publishing: ${dialogs.slice(asked)}`);
    await page.getByRole('link', { name: '查看公开页面' }).click();
    expect((await page.locator('#fulltext').innerText()).includes('鑫源超市'), 'the public page shows it');
  });

  await check('a citizen on a phone reads a service guide with its flowchart, then the window board', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/public`);
      await page.getByRole('link', { name: '天津市宝坻区市场监督管理局' }).first().click();
      await page.getByRole('link', { name: '食品经营许可' }).first().click();
      await page.waitForURL(/\/guide$/);
      const guide = await page.locator('#guide').innerText();
      expect(guide.includes('20个工作日') && guide.includes('申请书'), `guide: ${guide}`);
      const chart = page.locator('#flowchart svg');
      expect(await chart.isVisible(), 'the flowchart is drawn');
      const box = await chart.boundingBox();
      expect(box && box.width > 280 && box.height > 300, `flowchart size ${JSON.stringify(box)}`);
      expect((await chart.innerHTML()).includes('已受理'), 'the chart names the stages');
      await page.screenshot({ path: join(artifacts, 'service-guide-phone.png'), fullPage: true });
      await page.goBack();
      await page.getByRole('link', { name: '岗位信息公示牌' }).click();
      const board = await page.locator('main').innerText();
      expect(board.includes('在岗执法人员') && board.includes('投诉监督渠道'), `board: ${board}`);
      await page.screenshot({ path: join(artifacts, 'window-board-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  await check('a citizen on a phone reads the spot-check list, the discretion standards and last year\'s statistics report with its charts', async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/public`);
      await page.getByRole('link', { name: '天津市宝坻区市场监督管理局' }).first().click();
      const spot = await page.locator('#spot-checks + p + table').innerText();
      expect(spot.includes('食品经营者经营条件和经营过程检查') && spot.includes('5%'), `spot checks: ${spot}`);
      const discretion = await page.locator('section.standard').first().innerText();
      expect(discretion.includes('罚款50,000.00元至80,000.00元'), `discretion: ${discretion}`);
      await page.locator('#discretion').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, 'body-lists-phone.png') });
      await page.goto(`${base}/public`);
      await page.getByRole('link', { name: '行政执法统计年报' }).click();
      await page.waitForURL(/\/public\/reports/);
      const h1 = await page.locator('h1').innerText();
      expect(/\d{4}年度行政执法统计年报/.test(h1), `heading: ${h1}`);
      const chart = page.locator('#district figure.chart svg').first();
      const box = await chart.boundingBox();
      expect(box && box.width > 300, `chart fills the phone's width: ${JSON.stringify(box)}`);
      expect((await chart.innerHTML()).includes('行政检查'), 'the chart names the kinds');
      const bodies = await page.locator('#bodies').innerText();
      expect(bodies.includes('天津市宝坻区市场监督管理局'), `bodies: ${bodies}`);
      const csv = await page.request.get(base + await page.locator('#csv').getAttribute('href'));
      expect(csv.ok() && (await csv.text()).includes('罚款金额'), 'the CSV download');
      await page.screenshot({ path: join(artifacts, 'annual-report-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  await check('a head corrects a published figure of the annual report, giving the source (a missing reason refused)', async (page) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('scjg.fzr');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('link', { name: '统计年报' }).click();
    await page.locator('#reports a', { hasText: '天津市宝坻区市场监督管理局' }).click();
    await page.getByLabel('指标').selectOption('hearings');
    await page.getByLabel('新数值（件数为整数，金额为元）').fill('4');
    await page.getByRole('button', { name: '保存更正' }).click();
    const err = await page.locator('#form-edit .error').innerText();
    expect(err.includes('更正理由不能为空'), `error: ${err}`);
    expect(await page.getByLabel('新数值（件数为整数，金额为元）').inputValue() === '4', 'the value typed is kept');
    await page.getByLabel('更正理由（写明数据来源）').fill('复核纸质听证笔录，漏记一次');
    await page.getByRole('button', { name: '保存更正' }).click();
    await page.waitForURL(/\/annual-reports\/\d+$/);
    const edits = await page.locator('#edits').innerText();
    expect(edits.includes('复核纸质听证笔录') && edits.includes('公开后更正'), `edits: ${edits}`);
    await page.screenshot({ path: join(artifacts, 'annual-report-correction.png'), fullPage: true });
  });

  await check('justice bureau supervisor sees the 5% reviewer ratio flagged', async (page) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('sfj.jd');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    const table = await page.locator('table', { hasText: '法制审核人员' }).innerText();
    expect(table.includes('天津市宝坻区海滨街道办事处') && table.includes('未达标'), 'street office flagged below 5%');
    await page.screenshot({ path: join(artifacts, 'home-supervisor.png'), fullPage: true });
  });
  // 驾驶舱 and 督办: the bureau opens the dashboard (desktop and phone), follows a number to its
  // rows and finds as many as it said, then routes a red clue and issues a 纠正通知书 on it.
  await check('the justice bureau drills from the dashboard to the rows and acts on a clue', async (page) => {
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('sfj.jd');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByRole('link', { name: '驾驶舱' }).first().click();
    await page.waitForURL(`${base}/dashboard`);
    expect(await page.locator('figure.chart svg').count() >= 3, 'the charts are drawn');
    await page.screenshot({ path: join(artifacts, 'dashboard-bureau.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(artifacts, 'dashboard-bureau-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1200, height: 900 });
    // A cell of open cases by body and stage: its number is the count of the list it opens.
    const cell = page.locator('#dash-cases tbody td a').first();
    const n = Number(await cell.innerText());
    await cell.click();
    await page.waitForURL(/\/cases\?/);
    expect(await page.locator('ul.cases > li:not(.muted)').count() === n, `the list shows the ${n} cases counted`);
    // Open red clues of a rule: the same.
    await page.goto(`${base}/dashboard`);
    const red = page.locator('#dash-rules a.bad').first();
    const m = Number(await red.innerText());
    await red.click();
    await page.waitForURL(/\/warnings\?/);
    expect(await page.locator('#clues tbody tr').count() === m, `the list shows the ${m} clues counted`);
    // 督办 on the first of them.
    await page.locator('#clues tbody a').first().click();
    await page.waitForURL(/\/warnings\/\d+$/);
    await page.getByLabel('处置方式').selectOption('simple');
    await page.getByRole('button', { name: '分流处置' }).click();
    await page.waitForURL(/#oversight$/);
    expect((await page.locator('#clue-acts').innerText()).includes('简易程序'), 'the routing is recorded');
    await page.getByRole('link', { name: '制发监督文书' }).click();
    await page.getByLabel('文书种类').selectOption('correction');
    await page.getByLabel('监督意见或纠正要求').fill('立即依法纠正，并说明原因。');
    await page.getByRole('button', { name: '制发' }).click();
    await page.waitForURL(/\/notices\/\d+$/);
    const sheet = await page.locator('article.sheet').innerText();
    expect(sheet.includes('纠正通知书') && sheet.includes('执监纠'), 'the document is numbered');
    await page.screenshot({ path: join(artifacts, 'notice-bureau.png'), fullPage: true });
  });
  await check('a citizen complains on a phone without signing in, the bureau routes it, the body answers, the citizen reads the answer', async () => {
    const phone = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const c = await phone.newPage();
    await c.goto(`${base}/public`);
    // On a phone the menu opens first.
    const toggle = c.getByRole('button', { name: '菜单' });
    if (await toggle.isVisible()) await toggle.click();
    await c.locator('#site-nav').getByRole('link', { name: '投诉举报' }).click();
    await c.waitForURL(`${base}/public/complaints/new`);
    await c.getByRole('button', { name: '提交投诉' }).click();
    // Required fields stop an empty form in the browser itself; the server names them too.
    expect(c.url().endsWith('/public/complaints/new'), 'an empty form is not sent');
    await c.getByLabel('投诉事项').selectOption('certificate');
    await c.getByLabel('被投诉单位').selectOption({ label: '天津市宝坻区市场监督管理局' });
    await c.getByLabel('标题').fill('检查时未出示执法证件');
    await c.getByLabel('投诉请求、事实和理由').fill('两名执法人员到店检查，未出示执法证件即要求停业，请求核查。');
    await c.getByLabel('联系电话').fill('13912340000');
    await c.getByRole('button', { name: '提交投诉' }).click();
    const code = (await c.locator('#tracking-code').innerText()).trim();
    expect(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(code), `a tracking code is shown: ${code}`);
    await c.screenshot({ path: join(artifacts, 'complaint-public-phone.png'), fullPage: true });
    const staff = async (user) => {
      const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
      const p = await ctx.newPage();
      await p.goto(`${base}/login`);
      await p.getByLabel('用户名').fill(user);
      await p.getByLabel('密码').fill(PASSWORD);
      await p.getByRole('button', { name: '登录' }).click();
      await p.waitForURL(`${base}/`);
      await p.getByRole('link', { name: '投诉举报' }).first().click();
      await p.waitForURL(`${base}/complaints`);
      await p.getByRole('link', { name: '检查时未出示执法证件' }).first().click();
      await p.waitForURL(/\/complaints\/\d+$/);
      return p;
    };
    const bureau = await staff('sfj.jd');
    expect((await bureau.locator('#complainant').innerText()).includes('13912340000'), 'the bureau sees the complainant');
    await bureau.locator('#form-assign').getByRole('button', { name: '分派' }).click();
    await bureau.waitForURL(/\/complaints\/\d+$/);
    expect((await bureau.locator('#status').innerText()).includes('待受理'), 'routed');
    const head = await staff('scjg.fzr');
    await head.locator('#form-accept').getByRole('button', { name: '受理' }).click();
    await head.waitForURL(/\/complaints\/\d+$/);
    const form = head.locator('#form-conclude');
    await form.getByLabel('核实结论').selectOption('substantiated');
    await form.getByLabel(/^处理意见/).fill('经调取执法记录仪视频核实，未出示证件属实，已责令改正并通报批评。');
    await form.getByLabel(/^处理依据/).fill('《行政处罚法》第五十五条');
    await form.getByRole('button', { name: '办结' }).click();
    await head.waitForURL(/\/complaints\/\d+$/);
    await head.locator('#form-answer').getByLabel('答复方式').selectOption('portal');
    await head.locator('#form-answer').getByRole('button', { name: '答复' }).click();
    await head.waitForURL(/\/complaints\/\d+$/);
    expect((await head.locator('#deadlines').innerText()).includes('按时'), 'the limits were kept');
    await head.screenshot({ path: join(artifacts, 'complaint-body.png'), fullPage: true });
    await c.goto(`${base}/public/complaints/track?code=${code.toLowerCase()}`);
    const result = await c.locator('#result').innerText();
    expect(result.includes('已答复') && result.includes('已责令改正') && !result.includes('13912340000'), 'the answer, nothing private');
    expect(await c.getByRole('button', { name: '请求复查' }).count() === 1, 'the complainant may ask for 复查');
    await c.screenshot({ path: join(artifacts, 'complaint-track-phone.png'), fullPage: true });
    await phone.close();
  });
  await check('the bureau announces a case-file review, draws it once the entropy is public, reviewers of other bodies score, the public re-runs the draw', async () => {
    const signIn = async (user) => {
      const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
      const p = await ctx.newPage();
      await p.goto(`${base}/login`);
      await p.getByLabel('用户名').fill(user);
      await p.getByLabel('密码').fill(PASSWORD);
      await p.getByRole('button', { name: '登录' }).click();
      await p.waitForURL(`${base}/`);
      return p;
    };
    const bureau = await signIn('sfj.jd');
    await bureau.getByRole('link', { name: '案卷评查' }).first().click();
    await bureau.waitForURL(`${base}/evaluation`);
    // Beijing time, to the second: the entropy becomes public a few seconds from now.
    const local = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19);
    const day = (ms) => local(ms).slice(0, 10);
    const form = bureau.locator('#announce');
    await form.getByLabel('名称').fill('行政检查案卷评查（演示）');
    await form.getByLabel('结案日期起').fill(day(Date.now() - 90 * 86400e3));
    await form.getByLabel('结案日期止').fill(day(Date.now()));
    await form.getByLabel('行政检查').check();
    await form.getByLabel('或每个执法主体抽取件数').fill('2');
    await form.getByLabel(/^随机源（/).fill('某日中国福利彩票“快乐8”开奖号码');
    const entropyAt = Date.now() + 8000;
    await form.getByLabel(/^随机源公布时间/).fill(local(entropyAt));
    await form.getByRole('button', { name: '公告' }).click();
    await bureau.waitForURL(/\/evaluation\/\d+$/);
    const id = bureau.url().split('/').pop();
    expect((await bureau.locator('#status').innerText()).includes('已公告'), 'announced');
    expect((await bureau.locator('#announcement').innerText()).includes('默克尔根'), 'the roots are shown');
    await bureau.screenshot({ path: join(artifacts, 'evaluation-announced.png'), fullPage: true });
    await new Promise(r => setTimeout(r, Math.max(0, entropyAt - Date.now()) + 1000));
    await bureau.locator('#form-draw').getByLabel('随机源结果').fill('03 17 22 41 56 / 08');
    await bureau.locator('#form-draw').getByRole('button', { name: '抽取' }).click();
    await bureau.waitForURL(`${base}/evaluation/${id}`);
    expect((await bureau.locator('#status').innerText()).includes('评查中'), `drawn: ${await bureau.locator('main').innerText()}`);
    const check = await (await fetch(`${base}/api/v1/public/evaluation/${id}/draw`)).json();
    expect(check.roots_match && check.prk_match && check.assignments_match, 'the draw re-runs');
    // Each drawn reviewer finds the file on the workbench and scores it.
    let first = true;
    for (const file of check.outcome.chosen) {
      for (const d of file.people) {
        const r = await signIn(d.person);
        await r.getByRole('link', { name: /评查该案卷/ }).first().click();
        await r.waitForURL(/\/evaluation\/sheets\/\d+$/);
        if (first) {
          await r.locator('input[name="ded_C6.2"]').fill('1.5');
          await r.locator('input[name="reason_C6.2"]').fill('检查笔录格式不规范');
        }
        await r.getByRole('button', { name: '提交评查表' }).click();
        await r.waitForURL(/\/evaluation\/sheets\/\d+$/);
        const result = await r.locator('#result').innerText();
        expect(result.includes('已提交'), `submitted: ${result}`);
        if (first) {
          // The reviewer's own deduction, beside those the platform pre-filled from its clues (W11 …).
          expect(result.includes('扣1.5分') && result.includes('平台核查发现'), `deductions: ${result}`);
          await r.screenshot({ path: join(artifacts, 'evaluation-sheet.png'), fullPage: true });
        }
        first = false;
        await r.context().close();
      }
    }
    await bureau.goto(`${base}/evaluation/${id}`);
    await bureau.getByRole('button', { name: '公布评查结果' }).click();
    await bureau.waitForURL(`${base}/evaluation/${id}`);
    expect((await bureau.locator('#status').innerText()).includes('已公布'), 'published');
    await bureau.screenshot({ path: join(artifacts, 'evaluation-published.png'), fullPage: true });
    const pub = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const c = await pub.newPage();
    await c.goto(`${base}/public`);
    const toggle = c.getByRole('button', { name: '菜单' });
    if (await toggle.isVisible()) await toggle.click();
    await c.locator('#site-nav').getByRole('link', { name: '评查结果' }).click();
    await c.getByRole('link', { name: '行政检查案卷评查（演示）' }).click();
    const verified = await c.locator('#check').innerText();
    expect((verified.match(/一致/g) || []).length === 3 && !verified.includes('不一致'), `the re-run agrees: ${verified}`);
    expect((await c.locator('#bodies').innerText()).includes('市场监督管理局'), 'the body\'s result');
    await c.screenshot({ path: join(artifacts, 'evaluation-public-phone.png'), fullPage: true });
    await pub.close();
  });
  await check('a body announces a 双随机 draw, enters the entropy and draws; a citizen verifies it on the page and with the CLI', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
    const head = await ctx.newPage();
    await signIn(head, 'scjg.fzr');
    await head.getByRole('link', { name: '双随机抽查' }).first().click();
    await head.waitForURL(`${base}/spotchecks`);
    const local = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 19);
    const form = head.locator('#announce');
    await form.getByLabel('任务名称').fill('2026年食品经营者双随机抽查（第一批）');
    await form.getByLabel('分层方式').selectOption('risk');
    await form.getByLabel(/^每层抽取比例/).fill('10');
    await form.getByLabel(/^随机源（/).fill('中国福利彩票“双色球”下一期开奖号码');
    const entropyAt = Date.now() + 8000;
    await form.getByLabel(/^随机源公布时间/).fill(local(entropyAt));
    await form.getByRole('button', { name: '公告' }).click();
    await head.waitForURL(/\/spotchecks\/\d+$/);
    const id = head.url().split('/').pop();
    expect((await head.locator('#status').innerText()).includes('已公告'), 'announced');
    const announced = await head.locator('#announcement').innerText();
    expect(announced.includes('默克尔根') && announced.includes('检查点已包含本公告'), `the roots and the checkpoint: ${announced}`);
    await head.screenshot({ path: join(artifacts, 'spotcheck-announced.png'), fullPage: true });
    await new Promise(r => setTimeout(r, Math.max(0, entropyAt - Date.now()) + 1000));
    await head.locator('#form-draw').getByLabel('随机源结果').fill('03 11 17 24 29 32 / 08');
    await head.locator('#form-draw').getByRole('button', { name: '抽取' }).click();
    await head.waitForURL(`${base}/spotchecks/${id}`);
    expect((await head.locator('#status').innerText()).includes('已抽取并公示'), `drawn: ${await head.locator('main').innerText()}`);
    expect((await head.locator('#picks tbody tr').count()) >= 4, 'objects drawn with their inspectors');
    await head.screenshot({ path: join(artifacts, 'spotcheck-drawn.png'), fullPage: true });
    // The first object's inspection: a case with the drawn inspectors, from its row.
    const row = head.locator('#picks tbody tr').first();
    await row.getByLabel('法定代表人或负责人').fill('王建国');
    await row.getByRole('button', { name: '登记检查' }).click();
    await head.waitForURL(/\/cases\/\d+$/);
    const caseText = await head.locator('main').innerText();
    expect(caseText.includes('双随机抽查') && caseText.includes('行政检查'), `the inspection case: ${caseText.slice(0, 400)}`);
    await ctx.close();
    // A citizen on a phone: the public page re-runs the bundle; the enterprise checks itself.
    const task = await (await fetch(`${base}/api/v1/public/spotchecks/${id}`)).json();
    const code = task.picks[0].pick.credit_code;
    const pub = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const c = await pub.newPage();
    await c.goto(`${base}/public`);
    const toggle = c.getByRole('button', { name: '菜单' });
    if (await toggle.isVisible()) await toggle.click();
    await c.locator('#site-nav').getByRole('link', { name: '双随机抽查' }).click();
    await c.getByRole('link', { name: '2026年食品经营者双随机抽查（第一批）' }).click();
    expect((await c.locator('#verdict').innerText()).includes('各项核验通过'), `verified: ${await c.locator('#checks').innerText()}`);
    await c.getByLabel('统一社会信用代码').fill(code);
    await c.getByRole('button', { name: '查询' }).click();
    const own = await c.locator('#own').innerText();
    expect(own.includes('被抽中') && own.includes('一致'), `self-check: ${own}`);
    await c.screenshot({ path: join(artifacts, 'spotcheck-public-phone.png'), fullPage: true });
    await pub.close();
    // The same bundle, offline, with the published keys; a changed roster line fails.
    const bundle = await (await fetch(`${base}/api/v1/public/spotchecks/${id}/bundle`)).json();
    const keys = (await (await fetch(`${base}/api/v1/ledger/keys`)).json()).keys;
    const dir = mkdtempSync(join(tmpdir(), 'zhifa-draw-'));
    const file = join(dir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    const run = (f) => spawnSync(bin, ['draw', 'verify', f, ...keys.flatMap(k => ['--key', k]), '--object', code], { encoding: 'utf8' });
    const ok = run(file);
    expect(ok.status === 0 && ok.stdout.includes('✓ 抽取结果') && ok.stdout.includes('✓ 检查点签名') && ok.stdout.includes('被抽中'), `CLI: ${ok.stdout}${ok.stderr}`);
    bundle.lines.objects[0] = bundle.lines.objects[0].replace(/\|[^|]*$/, '|E');
    const bad = join(dir, 'changed.json');
    writeFileSync(bad, JSON.stringify(bundle));
    const no = run(bad);
    expect(no.status !== 0 && no.stdout.includes('✗ 默克尔根'), `a changed line fails: ${no.stdout}${no.stderr}`);
    rmSync(dir, { recursive: true, force: true });
  });
  // The whole general-procedure case as the four roles do it, from registration to archive and
  // publication, each hand-over found on the next person's workbench; page loads, clicks and
  // typed fields counted (issue 21: at most 40 page loads and 35 typed fields).
  // `keyboard`: the same case by keyboard alone — every link and button reached by focus and
  // pressed with Enter, every checkbox with Space, every text typed key by key.
  const walkCase = async (keyboard) => {
    const tally = { loads: 0, clicks: 0, typed: 0 };
    const person = async (user) => {
      const ctx = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
      const p = await ctx.newPage();
      p.on('framenavigated', f => { if (f === p.mainFrame()) tally.loads++; });
      await p.goto(`${base}/login`);
      await type(p.getByLabel('用户名'), user);
      await type(p.getByLabel('密码'), PASSWORD);
      await click(p.getByRole('button', { name: '登录' }), p);
      return p;
    };
    const type = async (loc, v) => {
      tally.typed++;
      const kind = await loc.getAttribute('type');
      // A date picker takes its value whole (its segments are not typed as text).
      if (!keyboard || kind === 'date' || kind === 'datetime-local') return loc.fill(v);
      await loc.focus();
      await loc.press('ControlOrMeta+A');
      await loc.press('Delete');
      await loc.pressSequentially(v);
    };
    const click = async (loc, p, url) => {
      tally.clicks++;
      if (keyboard) {
        await loc.focus();
        const focused = await loc.evaluate(el => el === document.activeElement);
        if (!focused) throw new Error(`not focusable: ${await loc.evaluate(el => el.outerHTML.slice(0, 120))}`);
        await loc.press('Enter');
      } else {
        await loc.click();
      }
      if (p) await p.waitForLoadState();
      if (url) await p.waitForURL(url);
    };
    const tick = async (loc) => {
      tally.clicks++;
      if (keyboard) {
        await loc.focus();
        await loc.press('Space');
        if (!(await loc.isChecked())) throw new Error('Space did not tick the box');
      } else {
        await loc.check();
      }
    };
    const pick = async (loc, v) => { tally.clicks++; if (keyboard) await loc.focus(); await loc.selectOption(v); };
    const o = await person('scjg.zf01');
    const me = (await (await o.request.get(`${base}/api/v1/me`)).json()).officer_id;
    const certs = await (await o.request.get(`${base}/api/v1/certificates`)).json();
    const partner = certs.find(c => c.valid_to.startsWith('2029') && c.effective_status === 'valid' && c.officer_id !== me).officer_id;
    await click(o.locator('#workbench').getByRole('link', { name: '登记案件' }), o);
    await pick(o.getByLabel('案件类型'), 'penalty_general');
    await pick(o.getByLabel('权责清单事项'), 'MS-CF-002');
    await type(o.getByLabel('姓名或名称'), '宝坻区某某粮油店');
    await type(o.getByLabel('公民身份号码或统一社会信用代码'), '91350100M000100Y43');
    await type(o.getByLabel('法定代表人或负责人'), '赵六');
    await type(o.getByLabel('住所或地址'), '宝坻区南城东路12号');
    await tick(o.locator(`input[name=officer_ids][value="${partner}"]`));
    await type(o.getByLabel('案情摘要'), '接群众举报，该店销售超过保质期的食用油');
    await type(o.getByLabel('违法行为发生日期'), '2026-11-20');
    await click(o.getByRole('button', { name: '登记' }), o, /\/cases\/\d+$/);
    const caseUrl = o.url();
    const number = (await o.locator('h1').innerText()).trim().split(/\s+/)[0];
    const fromWorkbench = async (p, what) => {
      if (p.url() !== `${base}/`) await p.goto(`${base}/`);
      const task = p.locator('#workbench li', { hasText: number }).filter({ hasText: what }).first();
      await click(task.locator('a.task'), p);
    };
    const trace = (what) => { if (process.env.ONLY) console.log(`# ${what} (${tally.loads} loads)`); };
    const step = async (p, name, fill) => {
      trace(`step ${name}`);
      // The viewer's next step is open on the case page; another is a click away.
      const inline = p.locator('#inline-step');
      const here = (await inline.count()) > 0 && (await inline.locator('summary').innerText()).includes(`“${name}”`);
      if (!here) await click(p.locator('#next a', { hasText: name }).first(), p);
      const scope = here ? inline : p;
      if (fill) await fill(scope);
      try {
        await click(scope.getByRole('button', { name: /^记录/ }), p, caseUrl);
      } catch (e) {
        await p.screenshot({ path: join(artifacts, 'walk-failed-step.png'), fullPage: true });
        throw new Error(`${name}: ${(await p.locator('main').innerText()).slice(0, 600)}`);
      }
    };
    const doc = async (p, name) => {
      trace(`document ${name}`);
      try {
        await click(p.getByRole('button', { name: new RegExp('^制作' + name) }).first(), p, /\/documents\/\d+$/);
      } catch (e) {
        throw new Error(`${name}: ${p.url()} ${(await p.locator("#doc-error p").innerText().catch(() => "")).slice(0, 900)}`);
      }
      await p.goto(caseUrl);
    };
    // The head files it, from the workbench.
    const h = await person('scjg.fzr');
    await fromWorkbench(h, '立案');
    await step(h, '立案', p => type(p.getByLabel(/^事由/), '经审查符合立案条件，同意立案'));
    // The officer investigates, notifies, serves the notice; the party waives.
    await fromWorkbench(o, '调查取证');
    // The photo taken on the spot is uploaded from the case page and linked to the step.
    await click(o.locator('#upload-evidence'), o);
    await type(o.getByLabel('采集时间'), '2026-11-21T09:30');
    await type(o.getByLabel('采集地点'), '宝坻区南城东路12号');
    await type(o.getByLabel('证明对象'), '货架上陈列超过保质期的食用油');
    await type(o.getByLabel('采集设备编号'), 'DSJ-0012');
    tally.clicks++;
    await o.locator('input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(2048, 9) });
    await click(o.getByRole('button', { name: '上传' }), o, caseUrl);
    await step(o, '调查取证', async p => {
      await tick(p.locator('input[name=evidence_ids]').first());
      await type(p.getByLabel('地点'), '宝坻区南城东路12号');
      await type(p.getByLabel(/^检查（勘验）笔录内容/), '现场检查：货架上有超过保质期的食用油30桶');
    });
    await step(o, '事先告知', async p => {
      await type(p.getByLabel(/^认定的违法事实/), '销售超过保质期的食用油30桶');
      await type(p.getByLabel(/^违反的法律条款/), '食品安全法 第三十四条');
      await tick(p.locator('input[name=penalty_kinds][value=fine]'));
      await type(p.getByLabel('罚款金额（元）'), '5000');
      await type(p.getByLabel(/^法律依据/), '食品安全法 第一百二十四条');
    });
    await step(o, '送达告知书', p => pick(p.getByLabel('送达方式'), 'direct'));
    await step(o, '陈述申辩', p => tick(p.getByRole('checkbox', { name: /^当事人明确放弃陈述、申辩/ })));
    // Submitted for review from the case page; the form is drafted from the notice.
    await click(o.getByRole('link', { name: '送审、审核意见和审核过程' }), o);
    await type(o.getByLabel('裁量理由'), '初次违法，货值较小，按基准中档');
    await type(o.locator('#form-submit').getByLabel(/^签名密码/), PASSWORD);
    await click(o.getByRole('button', { name: '送审' }), o);
    // The reviewer finds it on the workbench; the opinion records the 法制审核 step too.
    const r = await person('scjg.fzsh');
    await fromWorkbench(r, '');
    await pick(r.getByLabel('审核结论'), 'agree');
    await type(r.getByLabel(/^审核意见/), '事实清楚，证据充分，程序合法，同意');
    await type(r.locator('#form-opinion').getByLabel(/^签名密码/), PASSWORD);
    await click(r.getByRole('button', { name: '提交审核意见' }), r, /\/documents\/\d+$/);
    expect((await r.locator('article.sheet').innerText()).includes('法制审核意见书'), 'the opinion document made with it');
    // The head decides: the form is filled from the notice; only the signature is typed.
    await fromWorkbench(h, '作出决定');
    await step(h, '作出决定', p => type(p.getByLabel(/^签名密码/), PASSWORD));
    // The decision was made with its document; the officer serves it and records the payment
    // (filled from the fine). Each step's document is made with it (the box checked by default).
    await fromWorkbench(o, '送达');
    await step(o, '送达', p => pick(p.getByLabel('送达方式'), 'direct'));
    await step(o, '执行');
    // The head closes; the officer makes the closing form and archives.
    await fromWorkbench(h, '结案');
    await step(h, '结案', p => type(p.getByLabel(/^说明/), '罚款已缴清，执行完毕'));
    await fromWorkbench(o, '归档');
    await step(o, '归档');
    expect((await o.locator('h1').innerText()).includes('已归档'), 'archived');
    // The decision is published from the officer's workbench.
    await fromWorkbench(o, '待公开');
    await click(o.getByRole('button', { name: '确认公开' }), o, /\/publications\/\d+$/);
    expect((await o.locator('#status').innerText()).includes('已公开'), 'published');
    await o.screenshot({ path: join(artifacts, keyboard ? 'keyboard-published.png' : 'walk-published.png'), fullPage: true });
    for (const p of [o, h, r]) await p.context().close();
    return tally;
  };
  await check('a general-procedure case end to end by four people, counted', async () => {
    const tally = await walkCase(false);
    console.log(`# the general-procedure case by four people: ${tally.loads} page loads, ${tally.clicks} clicks, ${tally.typed} typed fields`);
    expect(tally.typed <= 35 && tally.loads <= 40, `typed fields ${tally.typed} (at most 35), page loads ${tally.loads} (at most 40)`);
  });
  await check('the whole case by keyboard alone, by every role', async () => {
    const tally = await walkCase(true);
    console.log(`# the same case by keyboard: ${tally.clicks} keys pressed on controls, ${tally.typed} fields typed`);
  });

  // Every role's workbench, on a desktop and on a phone, looked at; the menu shows its counts.
  await check('each role\'s workbench on desktop and phone, with counts in the menu', async () => {
    for (const user of ['scjg.zf01', 'scjg.fzr', 'scjg.fzsh', 'scjg.admin', 'sfj.jd', 'admin']) {
      for (const [form, viewport] of [['desktop', { width: 1200, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
        const ctx = await browser.newContext({ locale: 'zh-CN', viewport, isMobile: form === 'phone', hasTouch: form === 'phone' });
        const page = await ctx.newPage();
        try {
          // The counts arrive after the page: wait until the script has them.
          const counted = page.waitForResponse(r => r.url().endsWith('/api/v1/me/counts'), { timeout: 15000 }).catch(() => {});
          await signIn(page, user);
          await page.locator('#workbench').waitFor();
          await counted;
          await page.screenshot({ path: join(artifacts, `workbench-${user.replace('.', '-')}-${form}.png`), fullPage: true });
          if (user === 'scjg.fzr' && form === 'desktop') {
            const n = await page.locator('[data-count=tasks]').innerText();
            const listed = await page.locator('#workbench ol.tasks > li').count();
            expect(listed === 0 || Number(n) === listed, `the menu counts ${n}, the workbench lists ${listed}`);
          }
        } finally {
          await ctx.close();
        }
      }
    }
  });

  // Keyboard only: the skip link first, sign-in, registering a case and opening its next step,
  // without a mouse.
  await check('an officer works a case by keyboard alone', async (page) => {
    await page.goto(`${base}/login`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement.textContent.trim()) === '跳到正文', 'the skip link comes first');
    await page.keyboard.press('Enter');
    await page.getByLabel('用户名').focus();
    await page.keyboard.type('scjg.zf01');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/`);
    // From the workbench to 登记案件 by Tab.
    let found = false;
    for (let i = 0; i < 60 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement.textContent.trim() === '登记案件');
    }
    expect(found, '登记案件 is reached by Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/new/);
    const focusAndType = async (label, text) => { await page.getByLabel(label).focus(); await page.keyboard.type(text); };
    await page.getByLabel('案件类型').focus();
    await page.getByLabel('案件类型').selectOption('penalty_general');
    await page.getByLabel('权责清单事项').focus();
    await page.getByLabel('权责清单事项').selectOption('MS-CF-002');
    await focusAndType('姓名或名称', '宝坻区键盘测试商店');
    await focusAndType('公民身份号码或统一社会信用代码', '91350100M000100Y43');
    await focusAndType('法定代表人或负责人', '赵六');
    await focusAndType('住所或地址', '宝坻区南城东路12号');
    await focusAndType('案情摘要', '键盘操作登记的案件');
    await page.getByLabel('违法行为发生日期').focus();
    await page.getByLabel('违法行为发生日期').fill('2026-11-20');
    const me = (await (await page.request.get(`${base}/api/v1/me`)).json()).officer_id;
    const certs = await (await page.request.get(`${base}/api/v1/certificates`)).json();
    const other = certs.find(c => c.valid_to.startsWith('2029') && c.effective_status === 'valid' && c.officer_id !== me).officer_id;
    const partner = page.locator(`input[name=officer_ids][value="${other}"]`);
    await partner.focus();
    await page.keyboard.press('Space');
    expect(await partner.isChecked(), 'a checkbox is ticked with Space');
    await page.getByRole('button', { name: '登记' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/cases\/\d+$/);
    // Every control on the case page is reachable and shows where the focus is.
    const focusable = await page.evaluate(() => Array.from(document.querySelectorAll('a[href], button, summary, input, select, textarea'))
      .filter(el => !el.disabled && el.offsetParent !== null && el.tabIndex < 0).length);
    expect(focusable === 0, `${focusable} visible controls are out of the tab order`);
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline !== 'none', 'the focus is visible');
    await page.screenshot({ path: join(artifacts, 'keyboard-case.png'), fullPage: true });
  });

  // Accessibility: axe-core (from npm, run inside the page) on every page each role reaches by
  // following links from its home page and the public portal, one page per route shape; no
  // violation of any impact is allowed. The check runs in a context that lets the test inject
  // the script past the pages' CSP; the pages themselves are served as ever.
  await check('axe-core finds no violation on any staff or public page, for every role', async () => {
    const axeSource = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const skip = /^\/(logout|api\/|static\/)|\/pdf$|\/archive$|\.(zip|pdf|csv|xlsx|atom)(\?|$)|\/file$/;
    const shape = path => path.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/{id}').replace(/\/[^/]*%[^/]*/g, '/{x}');
    const problems = [];
    let audited = 0;
    for (const user of [null, 'scjg.zf01', 'scjg.fzr', 'scjg.fzsh', 'scjg.admin', 'sfj.jd', 'admin']) {
      const ctx = await browser.newContext({ locale: 'zh-CN', bypassCSP: true });
      const page = await ctx.newPage();
      try {
        if (user) await signIn(page, user);
        const queue = user ? ['/'] : ['/public', '/login'];
        const seen = new Set();
        while (queue.length && seen.size < 60) {
          const path = queue.shift();
          const key = shape(path);
          if (seen.has(key)) continue;
          seen.add(key);
          const r = await page.goto(base + path);
          if (!r || !(r.headers()['content-type'] || '').startsWith('text/html')) continue;
          await page.evaluate(axeSource);
          const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
          audited++;
          for (const v of result.violations) {
            problems.push(`${user || '公众'} ${path}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
          }
          const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href')));
          for (const href of links) {
            if (!href || !href.startsWith('/') || href.startsWith('//') || skip.test(href)) continue;
            if (!user && !href.startsWith('/public') && href !== '/login') continue;
            if (!seen.has(shape(href))) queue.push(href.replace(/#.*$/, ''));
          }
        }
      } finally {
        await ctx.close();
      }
    }
    console.log(`# axe-core: ${audited} pages audited, ${problems.length} violations`);
    expect(audited >= 40, `only ${audited} pages reached`);
    expect(problems.length === 0, `axe violations:\n${problems.join('\n')}`);
  });
} catch (e) {
  failed++;
  console.log(`not ok - setup: ${e.message}`);
} finally {
  if (browser) await browser.close();
  server.kill('SIGTERM');
  await new Promise(r => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
