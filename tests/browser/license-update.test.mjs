// The automatic update end to end, with real parts only: the licensing team's tool issues a license
// into a ledger, `xcally-license serve` delivers it, and the reference host picks it up without a
// paste. The team runs `modify` and the page shows the new revision after "Check now"; the delivery
// server stops and the page says the automatic update failed while the license stays active.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const repo = resolve(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "xcally-update-"));
const adminToken = "update-test-admin-token";
const signer = join(repo, "src/Xcally.Licensing.Signer/bin/Release/net10.0/Xcally.Licensing.Signer");
const hostDll = join(repo, "samples/Xcally.Licensing.SampleHost/bin/Release/net10.0/Xcally.Licensing.SampleHost.dll");
const key = join(repo, "keys.example/example.private.pem");
const ledger = join(work, "ledger.db");
const port = 20000 + Math.floor(Math.random() * 20000);
const baseUrl = `http://127.0.0.1:${port}/`;
const deliveryUrl = `http://127.0.0.1:${port + 1}/`;
let host;
let delivery;
let browser;

function tool(...args) {
  return execFileSync(signer, args, { stdio: "pipe", encoding: "utf8" });
}

async function until(what, check, seconds) {
  for (let i = 0; i < seconds * 5; i++) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function startDelivery() {
  const server = spawn(signer, ["serve", "--ledger", ledger, "--urls", deliveryUrl], { stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.on("data", (d) => process.stderr.write(d));
  return new Promise((resolveStarted, reject) => {
    server.stdout.on("data", (d) => { if (String(d).includes("serving licenses from")) resolveStarted(server); });
    server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

before(async () => {
  host = spawn("dotnet", [hostDll, "--urls", baseUrl], {
    cwd: work,
    env: {
      ...process.env,
      ASPNETCORE_ENVIRONMENT: "Development",
      Admin__Token: adminToken,
      Licensing__StateDirectory: join(work, "state"),
      // The shortest interval: the first scheduled check comes a tenth of it after the start.
      Licensing__Update__Endpoint: deliveryUrl,
      Licensing__Update__Interval: "00:05:00",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  host.stderr.on("data", (d) => process.stderr.write(d));
  await until("the host", async () => (await fetch(baseUrl + "health")).status, 30);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
});

after(async () => {
  await browser?.close();
  host?.kill();
  delivery?.kill();
  rmSync(work, { recursive: true, force: true });
});

test("the host picks up the team's license without a paste, a modification after Check now, and says when the server is gone", async () => {
  const token = (await (await fetch(baseUrl + "api/license/token")).json()).token;
  tool("issue", join(repo, "samples/requests/new-license.json"), "--token", token, "--key", key, "--ledger", ledger, "--out", join(work, "issued.lic"));
  delivery = await startDelivery();

  // No paste: the scheduled check (about 30 s after the host started) installs it.
  const installed = await until("the scheduled check to install the license", async () => {
    const status = await (await fetch(baseUrl + "api/license")).json();
    return status.state === "Active" && status.update?.outcome === "Installed" ? status : undefined;
  }, 90);
  assert.equal(installed.license.revision, 1);
  assert.match(installed.update.message, /^Automatic update on .*: License \d+ \(revision 1\) installed\./);

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(baseUrl);
  await page.evaluate((t) => sessionStorage.setItem("adminToken", t), adminToken);
  await page.waitForSelector("#auto-update:not([hidden])");
  assert.match(await page.textContent("#auto-update-message"), /revision 1\) installed/);
  assert.match(await page.textContent("#details"), /25 agents/);

  tool("modify", "--token", token, "--agents", "30", "--key", key, "--ledger", ledger);
  await page.click("#check-now");
  await page.waitForFunction(() => /revision 2/.test(document.getElementById("details").textContent));
  assert.match(await page.textContent("#details"), /30 agents/);
  assert.match(await page.textContent("#auto-update-message"), /revision 2\) installed/);

  delivery.kill("SIGTERM");
  await new Promise((r) => delivery.once("exit", r));
  delivery = undefined;
  await page.click("#check-now");
  await page.waitForFunction(() => document.getElementById("auto-update-message").textContent.startsWith("Automatic update failed"));
  assert.match(await page.textContent("#auto-update-message"), /could not be reached \(connection refused\)\. The installed license stays in force; paste a new license by hand if XCALLY sent you one\./);
  assert.match(await page.textContent("#state"), /^Active/);
  assert.match(await page.textContent("#details"), /revision 2/);

  const noToken = await fetch(baseUrl + "api/license/update", { method: "POST" });
  assert.equal(noToken.status, 401);
});
