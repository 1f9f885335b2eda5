// The License page the Xcally.Licensing.AspNetCore package serves, on the reference host, in a real
// browser: sign in; paste a license damaged by e-mail and see its details; paste one for another server
// and read why it was refused while the details stay; copy the token; download the log; the API refuses
// anonymous calls; names from the license cannot inject or reorder anything; axe-core finds no serious
// accessibility problem; screenshots at desktop and phone width. Run by .ci/run after the host and the
// signer are built (see README, "Browser test").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash, createPrivateKey, sign as ed25519Sign } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiCall, axeCheck, axeSource, exampleKey, issue, launchBrowser, otherServersToken, signIn, startHost } from "./support.mjs";

const work = mkdtempSync(join(tmpdir(), "xcally-browser-"));
const artifacts = join(import.meta.dirname, "artifacts");
const adminToken = "browser-test-admin-token";
let host;
let browser;
let baseUrl;

/**
 * The license with its payload edited and signed again with the example key, here rather than by the
 * signer: the signer refuses names that spoof the display, but a genuine file from elsewhere may hold one.
 * The envelope is docs/license-format.md §3–4: header ‖ payload ‖ Ed25519 signature ‖ check.
 */
function resign(license, edit) {
  const lines = license.split("\n");
  const body = lines.slice(lines.indexOf("-----BEGIN XCALLY LICENSE-----") + 1, lines.indexOf("-----END XCALLY LICENSE-----"));
  const envelope = Buffer.from(body.join(""), "base64");
  const payload = JSON.parse(envelope.subarray(17, 17 + envelope.readUInt32BE(13)).toString("utf8"));
  edit(payload);
  const bytes = Buffer.from(JSON.stringify(payload), "utf8");
  const header = Buffer.from(envelope.subarray(0, 17));
  header.writeUInt32BE(bytes.length, 13);
  const signed = Buffer.concat([header, bytes]);
  const key = createPrivateKey(readFileSync(exampleKey));
  const signature = ed25519Sign(null, Buffer.concat([Buffer.from("xcally-license-file\0"), signed]), key);
  const sealed = Buffer.concat([signed, signature]);
  const check = createHash("sha256").update(sealed).digest().subarray(0, 4);
  const base64 = Buffer.concat([sealed, check]).toString("base64").match(/.{1,64}/g);
  return ["-----BEGIN XCALLY LICENSE-----", ...base64, "-----END XCALLY LICENSE-----", ""].join("\n");
}

/**
 * The license as it arrives forwarded by e-mail (docs/license-format.md §2.2): a greeting before, a
 * signature after, every line quoted with "> ", CRLF line ends, one base64 line re-wrapped in two and
 * trailing spaces on another. The reader undoes exactly this much.
 */
function emailCopy(license) {
  const lines = license.replace(/\n$/, "").split("\n");
  const begin = lines.indexOf("-----BEGIN XCALLY LICENSE-----");
  const rewrapped = lines[begin + 2];
  lines.splice(begin + 2, 1, rewrapped.slice(0, 40), rewrapped.slice(40));
  lines[begin + 1] += "  ";
  return [
    "Hello,", "", "here is the renewed license for your XCALLY Motion server.", "",
    ...lines.map((l) => `> ${l}`),
    "", "Best regards,", "-- ", "The XCALLY licensing team", "",
  ].join("\r\n");
}

/** The page, with every request, script error and Content-Security-Policy refusal recorded. */
async function openPage({ signedIn = true, context } = {}) {
  context ??= await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl.slice(0, -1) });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text()); });
  page.on("requestfailed", (r) => problems.push(`${r.url()} failed`));
  page.on("request", (r) => { if (!r.url().startsWith(baseUrl) && !r.url().startsWith("blob:")) problems.push(`external request ${r.url()}`); });
  const response = await page.goto(baseUrl);
  if (signedIn) await signIn(page, adminToken);
  return { page, problems, response };
}

/** A good license for this host, installed through the API if the tests before did not (run alone). */
async function ensureLicensed() {
  const status = await (await apiCall(baseUrl, adminToken)).json();
  if (status.state === "Active") return;
  const license = issue(work, status.token, join(work, "fallback.lic"), "ledger-fallback.db");
  const put = await apiCall(baseUrl, adminToken, "", { method: "PUT", headers: { "Content-Type": "text/plain; charset=utf-8" }, body: license });
  assert.equal(put.status, 200, await put.text());
}

before(async () => {
  ({ host, baseUrl } = await startHost({ cwd: work, env: { Admin__Token: adminToken, Licensing__StateDirectory: join(work, "state") } }));
  browser = await launchBrowser();
  mkdirSync(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  host?.kill();
  rmSync(work, { recursive: true, force: true });
});

test("the page loads nothing from outside the server, asks to sign in, then shows the state and the token", async () => {
  const { page, problems, response } = await openPage({ signedIn: false });
  assert.match(response.headers()["content-security-policy"], /default-src 'none'; script-src 'self'; style-src 'self'/);

  await page.waitForSelector("#sign-in:not([hidden])");
  assert.equal(await page.isHidden("#content"), true);
  assert.equal(await page.textContent("label[for=admin-token]"), "Administrator token");
  assert.equal(await page.textContent("#sign-in-button"), "Sign in");

  // A wrong token first: refused, and the sign-in stays.
  await page.fill("#admin-token", "not-the-token");
  await page.press("#admin-token", "Enter");
  await page.waitForSelector("#sign-in-error:not([hidden])");
  assert.equal(await page.textContent("#sign-in-error"), "The administrator token was not accepted.");

  await page.fill("#admin-token", adminToken);
  await page.click("#sign-in-button");
  await page.waitForSelector("#state[data-state]");
  assert.equal(await page.isHidden("#sign-in"), true);
  const token = await (await apiCall(baseUrl, adminToken, "/token")).text();
  assert.match(token, /^[0-9A-Z]{5}(-[0-9A-Z]{5}){8}$/);
  assert.equal(await page.textContent("#token-value"), token);
  assert.match(await page.getAttribute("#state", "data-state"), /^(Unlicensed|Active|Trial|Grace)$/);
  assert.ok((await page.textContent("#state")).length > 20);
  assert.deepEqual(problems, []);
});

test("a license pasted from a forwarded e-mail is installed and its details shown", async () => {
  const { page, problems } = await openPage();
  const token = await page.textContent("#token-value");
  const pasted = emailCopy(issue(work, token, join(work, "good.lic")));
  assert.match(pasted, /\r\n> -----BEGIN XCALLY LICENSE-----\r\n/);

  await page.click("#edit");
  assert.equal(await page.getAttribute("#edit", "aria-expanded"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.id), "license-text");
  await page.fill("#license-text", pasted);
  await page.click("#apply");
  await page.waitForSelector("#state[data-state=Active]");
  assert.match(await page.textContent("#state"), /^License active\s*Licensed to Acme Contact Center until /);
  const details = await page.textContent("#details");
  for (const expected of [/Acme Contact Center/, /Annual/, /25 agents/, /12 users/, /4 mobile agents/, /WhatsApp/, /Contacts Manager/,
    /30 IVR channels/, /Real-time Translator/, /Quality Analysis \(voice\)/, /Queue Manager/, /Software update allowed/, /Platinum/, /revision 1/]) {
    assert.match(details, expected);
  }
  assert.equal(await page.textContent("#details .field:has(dt:text-is('White label')) dd"), "No");
  assert.equal(await page.isHidden("#update"), true);
  assert.equal(await page.getAttribute("#edit", "aria-expanded"), "false");
  await page.waitForSelector("#toast.show");
  assert.equal(await page.textContent("#toast"), "License updated!");
  assert.deepEqual(problems, []);
});

test("a license for another server is refused with the reason, and the details stay", async () => {
  await ensureLicensed();
  const { page, problems } = await openPage();
  const token = await page.textContent("#token-value");
  const other = otherServersToken(token);
  assert.notEqual(other, token);
  const license = issue(work, other, join(work, "other.lic"), "ledger-other.db");
  const details = await page.textContent("#details");

  await page.click("#edit");
  await page.fill("#license-text", license);
  await page.click("#apply");
  await page.waitForSelector("#update-error:not([hidden])");
  const error = await page.textContent("#update-error");
  assert.match(error, new RegExp(`^This license is for the server with token ${other}, but this server's token is ${token}`));
  assert.match(error, /Request a license for this server's token\.$/);
  assert.equal(await page.getAttribute("#update-error", "role"), "alert");
  assert.equal(await page.textContent("#details"), details);
  assert.equal(await page.getAttribute("#state", "data-state"), "Active");
  assert.equal(await page.isVisible("#update"), true);
  assert.equal(await page.inputValue("#license-text"), license);
  assert.deepEqual(problems, []);
});

test("clicking the token copies it to the clipboard", async () => {
  const { page } = await openPage();
  const token = await page.textContent("#token-value");
  await page.click("#token");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
  await page.waitForSelector("#toast.show");
  assert.equal(await page.textContent("#toast"), "Token copied to the clipboard!");
});

test("the download icon downloads the license log and confirms it", async () => {
  const { page, problems } = await openPage();
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.match(download.suggestedFilename(), /^license-log-.*\.jsonl$/);
  const text = readFileSync(await download.path(), "utf8");
  assert.match(text.split("\n")[0], /"event":"status"/);
  await page.waitForSelector("#toast.show");
  assert.equal(await page.textContent("#toast"), "License log file downloaded!");
  assert.deepEqual(problems, []);
});

test("without the administrator token the API answers 401 to every call, the page itself loads", async () => {
  const calls = [
    ["", {}],
    ["/token", {}],
    ["/log", {}],
    ["/update", {}],
    ["", { method: "PUT", headers: { "Content-Type": "text/plain; charset=utf-8" }, body: "x" }],
    ["/update", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }],
  ];
  for (const [path, init] of calls) {
    const what = `${init.method ?? "GET"} api/license${path}`;
    const anonymous = await apiCall(baseUrl, null, path, init);
    assert.equal(anonymous.status, 401, `${what} anonymously`);
    assert.match(anonymous.headers.get("content-type"), /^application\/problem\+json/, what);
    assert.equal((await apiCall(baseUrl, "wrong-token", path, init)).status, 401, `${what} with a wrong token`);
  }
  assert.equal((await apiCall(baseUrl, adminToken)).status, 200);
  assert.equal((await fetch(baseUrl)).status, 200);
  assert.match(await (await fetch(baseUrl + "health")).text(), /^(Healthy|Degraded|Unhealthy)$/);
});

test("axe-core finds no serious or critical accessibility problem, signed out, and with a license and the manual update open at 1280 and 375 px", async () => {
  await ensureLicensed();
  // axe is injected as a script, which the page's Content-Security-Policy rightly refuses: this test only bypasses it.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
  const serious = [];

  const signedOut = await context.newPage();
  await signedOut.goto(baseUrl);
  await signedOut.waitForSelector("#sign-in:not([hidden])");
  await signedOut.addScriptTag({ content: axeSource });
  serious.push(...await axeCheck(signedOut, "sign-in, 1280 px"));

  const { page } = await openPage({ context });
  await page.click("#edit");
  await page.fill("#license-text", "not a license");
  await page.click("#apply");
  await page.waitForSelector("#update-error:not([hidden])");
  await page.addScriptTag({ content: axeSource });
  serious.push(...await axeCheck(page, "license, manual update open, 1280 px"));
  await page.setViewportSize({ width: 375, height: 812 });
  serious.push(...await axeCheck(page, "license, manual update open, 375 px"));
  assert.deepEqual(serious, []);
  await context.close();
});

test("screenshots at desktop and phone width; nothing overflows at 375 px", async () => {
  await ensureLicensed();
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page: wide } = await openPage({ context: desktop });
  await wide.mouse.move(0, 0); // no button left in its hover colour by the sign-in click
  await wide.screenshot({ path: join(artifacts, "license-desktop.png"), fullPage: true });
  // Two columns of details on a wide screen.
  const columns = await wide.evaluate(() => getComputedStyle(document.getElementById("details")).gridTemplateColumns.split(" ").length);
  assert.equal(columns, 2);
  await desktop.close();

  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const { page } = await openPage({ context: phone });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(artifacts, "license-phone.png"), fullPage: true });
  const fits = () => page.evaluate(() => {
    const root = document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, columns: getComputedStyle(document.getElementById("details")).gridTemplateColumns.split(" ").length };
  });
  const closed = await fits();
  assert.ok(closed.scrollWidth <= closed.clientWidth, `the page is ${closed.scrollWidth} px wide in a ${closed.clientWidth} px window`);
  assert.equal(closed.columns, 1);
  await page.click("#edit");
  const open = await fits();
  assert.ok(open.scrollWidth <= open.clientWidth, `with the manual update open, the page is ${open.scrollWidth} px wide in a ${open.clientWidth} px window`);
  await phone.close();
});

test("the keyboard alone reaches every control, shows where the focus is, and opens and closes the manual update", async () => {
  await ensureLicensed();
  const { page } = await openPage();
  await page.evaluate(() => document.activeElement?.blur());
  const reached = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    reached.push(await page.evaluate(() => {
      const e = document.activeElement;
      return { id: e.id, outline: getComputedStyle(e).outlineStyle, width: parseFloat(getComputedStyle(e).outlineWidth) };
    }));
  }
  const ids = reached.map((r) => r.id);
  assert.deepEqual(ids.slice(0, 3), ["token", "edit", "download"], `the tab order was ${ids.join(", ")}`);
  for (const r of reached.slice(0, 3)) {
    assert.ok(r.outline !== "none" && r.width >= 2, `#${r.id} shows no focus outline (${r.outline} ${r.width}px)`);
  }

  await page.focus("#edit");
  await page.keyboard.press("Enter");
  await page.waitForSelector("#update:not([hidden])");
  assert.equal(await page.evaluate(() => document.activeElement.id), "license-text");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "apply");
  await page.keyboard.press("Escape");
  assert.equal(await page.isHidden("#update"), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), "edit");
  assert.equal(await page.getAttribute("#edit", "aria-expanded"), "false");
});

test("the grace and trial banners say the days left, the reason and what changed on the server", async () => {
  // Grace and trial need a changed server or the passing of days: the status is the API's shape, served
  // here in place of the host's, so the page's own rendering is what is checked.
  const real = await (await apiCall(baseUrl, adminToken)).json();
  const licensedToken = otherServersToken(real.token);
  const grace = {
    ...real,
    state: "Grace",
    reason: "Grace period until 2026-01-27 09:00 UTC (5 days left): the server changed (hostname, ip addresses) since the license was issued. Paste a new license before then.",
    graceEndsAt: "2026-01-27T09:00:00Z",
    graceDaysLeft: 5,
    tokenDiff: { licensedToken, currentToken: real.token, verdict: "SameServerChanged", reason: "Same server, changed: hostname, ip addresses.", changed: ["Hostname", "IpAddresses"] },
  };
  const trial = { ...grace, state: "Trial", reason: "Trial mode: the grace period ended on 2026-01-27 09:00 UTC; the server changed (hostname) since the license was issued. Paste a new license to leave trial mode.", graceDaysLeft: undefined, tokenDiff: { ...grace.tokenDiff, changed: ["Hostname"] } };
  const { page, problems } = await openPage({ signedIn: false });
  let served = grace;
  await page.route(`${baseUrl}api/license`, (route) => route.request().method() === "GET" && route.request().headers().authorization
    ? route.fulfill({ json: served })
    : route.continue());
  await page.reload();
  await signIn(page, adminToken);

  await page.waitForSelector("#state[data-state=Grace]");
  const banner = await page.textContent("#state");
  assert.match(banner, /^Grace period: 5 days left, until .*2026/);
  assert.match(banner, /Paste a new license before then\./);
  assert.match(banner, /What changed on this server: the host name and the IP addresses\./);
  assert.ok(banner.includes(licensedToken) && banner.includes(real.token), banner);
  assert.equal(await page.getAttribute("#state", "role"), "status");

  served = trial;
  await page.reload();
  await page.waitForSelector("#state[data-state=Trial]");
  const trialBanner = await page.textContent("#state");
  assert.match(trialBanner, /^Trial mode: XCALLY Motion runs with the trial limits/);
  assert.match(trialBanner, /the grace period ended on 2026-01-27/);
  assert.match(trialBanner, /What changed on this server: the host name\./);
  assert.deepEqual(problems, []);
});

test("the seats in use show per pool, and a pool the license shrank below its use says so in words", async () => {
  const real = await (await apiCall(baseUrl, adminToken)).json();
  assert.equal(real.seats.length, 7);
  const { page, problems } = await openPage({ signedIn: false });
  await signIn(page, adminToken);
  await page.waitForSelector("#details .seats");
  const agents = real.seats.find((s) => s.pool === "Agents");
  assert.match(await page.textContent("#details .seats"), new RegExp(`${agents.inUse} / ${agents.licensed} concurrent agents`));

  // Over the limit needs Motion's agents signed in: the status is the API's shape, served in place of the host's.
  const message = "agents: 7 in use, 5 licensed, over the limit since 1 December 2026 00:00 UTC";
  const over = { ...real, seats: real.seats.map((s) => s.pool === "Agents" ? { ...s, inUse: 7, licensed: 5, overLimitSince: "2026-12-01T00:00:00Z", message } : s) };
  await page.route(`${baseUrl}api/license`, (route) => route.request().method() === "GET" ? route.fulfill({ json: over }) : route.continue());
  await page.reload();
  await page.waitForSelector("#details .over-limit");
  assert.match(await page.textContent("#details .seats .over"), /7 \/ 5 concurrent agents/);
  assert.equal(await page.textContent("#details .over-limit"), message);
  assert.deepEqual(problems, []);
});

// Last: it installs a license whose customer name the other tests should not have to read.
test("a signed name with markup, a right-to-left override and no spaces is shown as text, isolated, and wraps", async () => {
  const { page, problems } = await openPage();
  const token = await page.textContent("#token-value");
  // 196 characters: markup, an override that would turn "gnp.exe" into "exe.png", then one long word.
  const name = `<img src=x onerror=alert(1)>\u202Egnp.exe${"W".repeat(160)}`;
  const license = resign(issue(work, token, join(work, "spoof.lic"), "ledger-spoof.db"), (payload) => { payload.customer.name = name; });

  await page.click("#edit");
  await page.fill("#license-text", license);
  await page.click("#apply");
  await page.waitForFunction((n) => document.querySelector("#details bdi")?.textContent === n, name);

  const shown = await page.evaluate(() => {
    const bdi = document.querySelector("#details bdi");
    const dd = bdi.parentElement;
    return {
      text: bdi.textContent,
      stateName: document.querySelector("#state bdi")?.textContent,
      images: document.querySelectorAll("main img").length,
      isolation: getComputedStyle(bdi).unicodeBidi,
      ddFits: dd.scrollWidth <= dd.clientWidth,
      pageFits: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    };
  });
  assert.equal(shown.text, name);
  assert.equal(shown.stateName, name);
  assert.equal(shown.images, 0);
  assert.equal(shown.isolation, "isolate");
  assert.equal(shown.ddFits, true);
  assert.equal(shown.pageFits, true);
  assert.match(await page.textContent("#state .banner-reason"), /^Licensed to /);

  await page.setViewportSize({ width: 375, height: 812 });
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
  assert.deepEqual(problems, []);
});
