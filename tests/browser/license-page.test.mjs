// The License page of samples/Xcally.Licensing.SampleHost in a real browser: paste a license and see
// its details; paste a tampered one and see the error while the details stay; copy the token; download
// the log. Run by .ci/run after the host and the signer are built (see README, "Browser test").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { createHash, createPrivateKey, sign as ed25519Sign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const repo = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "xcally-browser-"));
const adminToken = "browser-test-admin-token";
const signer = join(repo, "src/Xcally.Licensing.Signer/bin/Release/net10.0/Xcally.Licensing.Signer");
const hostDll = join(repo, "samples/Xcally.Licensing.SampleHost/bin/Release/net10.0/Xcally.Licensing.SampleHost.dll");
let host;
let browser;
let baseUrl;

function sign(token, out, ledger = "ledger.db") {
  execFileSync(signer, ["issue", join(repo, "samples/requests/new-license.json"), "--token", token,
    "--key", join(repo, "keys.example/example.private.pem"), "--ledger", join(work, ledger), "--out", out], { stdio: "pipe" });
  return readFileSync(out, "utf8");
}

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
  const key = createPrivateKey(readFileSync(join(repo, "keys.example/example.private.pem")));
  const signature = ed25519Sign(null, Buffer.concat([Buffer.from("xcally-license-file\0"), signed]), key);
  const sealed = Buffer.concat([signed, signature]);
  const check = createHash("sha256").update(sealed).digest().subarray(0, 4);
  const base64 = Buffer.concat([sealed, check]).toString("base64").match(/.{1,64}/g);
  return ["-----BEGIN XCALLY LICENSE-----", ...base64, "-----END XCALLY LICENSE-----", ""].join("\n");
}

/** The same license with one character of its signed base64 changed: damaged, never accepted. */
function tamper(license) {
  const lines = license.split("\n");
  const i = lines.findIndex((l) => l.startsWith("-----BEGIN")) + 2;
  const c = lines[i][10];
  lines[i] = lines[i].slice(0, 10) + (c === "A" ? "B" : "A") + lines[i].slice(11);
  return lines.join("\n");
}

before(async () => {
  const port = 20000 + Math.floor(Math.random() * 20000);
  baseUrl = `http://127.0.0.1:${port}/`;
  host = spawn("dotnet", [hostDll, "--urls", baseUrl], {
    cwd: work,
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: "Development", Admin__Token: adminToken, Licensing__StateDirectory: join(work, "state") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  host.stderr.on("data", (d) => process.stderr.write(d));
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(baseUrl + "health")).status) break;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  host?.kill();
  rmSync(work, { recursive: true, force: true });
});

async function openPage() {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl.slice(0, -1) });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("requestfailed", (r) => problems.push(`${r.url()} failed`));
  page.on("request", (r) => { if (!r.url().startsWith(baseUrl) && !r.url().startsWith("blob:")) problems.push(`external request ${r.url()}`); });
  await page.goto(baseUrl);
  await page.waitForFunction(() => document.getElementById("token-value").textContent !== "…");
  return { page, problems };
}

test("the page shows the state and the token, and loads nothing from outside the server", async () => {
  const { page, problems } = await openPage();
  const token = (await (await fetch(baseUrl + "api/license/token")).json()).token;
  assert.equal(await page.textContent("#token-value"), token);
  assert.match(await page.textContent("#state"), /^(Unlicensed|Active|Trial|Grace)/);
  assert.deepEqual(problems, []);
});

test("pasting a license shows its details; a tampered one shows the error and the details stay", async () => {
  const { page } = await openPage();
  const token = await page.textContent("#token-value");
  const license = sign(token, join(work, "good.lic"));

  await page.click("#edit");
  await page.fill("#license-text", license);
  await page.fill("#admin-token", adminToken);
  await page.click("#apply");
  await page.waitForFunction(() => document.getElementById("state").textContent.startsWith("Active"));
  const details = await page.textContent("#details");
  assert.match(details, /Acme Contact Center/);
  assert.match(details, /25 agents/);
  assert.match(details, /WhatsApp/);
  assert.equal(await page.isHidden("#update"), true);

  await page.click("#edit");
  await page.fill("#license-text", tamper(license));
  await page.click("#apply");
  await page.waitForSelector("#update-error:not([hidden])");
  assert.match(await page.textContent("#update-error"), /damaged in transit|does not match/);
  assert.equal(await page.textContent("#details"), details);
  assert.match(await page.textContent("#state"), /^Active/);
});

test("clicking the token copies it to the clipboard", async () => {
  const { page } = await openPage();
  const token = await page.textContent("#token-value");
  await page.click("#token");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
  await page.waitForSelector("#toast:not([hidden])");
});

test("the download icon downloads the license log and confirms it", async () => {
  const { page } = await openPage();
  await page.evaluate((t) => sessionStorage.setItem("adminToken", t), adminToken);
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  assert.match(download.suggestedFilename(), /^license-log-.*\.jsonl$/);
  const text = readFileSync(await download.path(), "utf8");
  assert.match(text.split("\n")[0], /"event":"status"/);
  await page.waitForSelector("#toast:not([hidden])");
  assert.equal(await page.textContent("#toast"), "License log file downloaded!");
});

test("without the administrator token the API refuses the log and a new license with 401", async () => {
  assert.equal((await fetch(baseUrl + "api/license/log")).status, 401);
  const put = await fetch(baseUrl + "api/license", { method: "PUT", body: "x" });
  assert.equal(put.status, 401);
  assert.equal((await fetch(baseUrl + "api/license/log", { headers: { Authorization: "Bearer wrong" } })).status, 401);
  assert.match(await (await fetch(baseUrl + "health")).text(), /^(Healthy|Degraded|Unhealthy)$/);
});

test("a signed name with markup, a right-to-left override and no spaces is shown as text, isolated, and wraps", async () => {
  const { page, problems } = await openPage();
  const token = await page.textContent("#token-value");
  // 196 characters: markup, an override that would turn "gnp.exe" into "exe.png", then one long word.
  const name = `<img src=x onerror=alert(1)>\u202Egnp.exe${"W".repeat(160)}`;
  const license = resign(sign(token, join(work, "spoof.lic"), "ledger-spoof.db"), (payload) => { payload.customer.name = name; });

  await page.click("#edit");
  await page.fill("#license-text", license);
  await page.fill("#admin-token", adminToken);
  await page.click("#apply");
  await page.waitForFunction((n) => document.querySelector("#details bdi")?.textContent === n, name);

  const shown = await page.evaluate(() => {
    const dd = document.querySelector("#details bdi").parentElement;
    const bdi = dd.querySelector("bdi");
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
  assert.match(await page.textContent("#state"), /^Active: Licensed to /);
  assert.deepEqual(problems, []);
});
