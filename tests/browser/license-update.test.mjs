// The automatic update end to end, with real parts only: the licensing team's tool issues a license
// into a ledger, `xcally-license serve` delivers it, and the reference host picks it up without a
// paste. The team runs `modify` and the page shows the new revision after "Check now"; the delivery
// server stops and the page says the automatic update failed while the license stays active.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { apiCall, axeCheck, axeSource, exampleKey, launchBrowser, newLicenseRequest, signIn, signer, startHost, until } from "./support.mjs";

const work = mkdtempSync(join(tmpdir(), "xcally-update-"));
const adminToken = "update-test-admin-token";
const ledger = join(work, "ledger.db");
let host;
let delivery;
let browser;
let baseUrl;
let deliveryUrl;

function tool(...args) {
  return execFileSync(signer, args, { stdio: "pipe", encoding: "utf8" });
}

/** `xcally-license serve` on a free port; resolves once it says where it serves. */
function startDelivery(url) {
  const server = spawn(signer, ["serve", "--ledger", ledger, "--urls", url], { stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.on("data", (d) => process.stderr.write(d));
  return new Promise((resolveStarted, reject) => {
    server.stdout.on("data", (d) => { if (String(d).includes("serving licenses from")) resolveStarted(server); });
    server.on("exit", (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

/** A loopback port nothing listens on now (the delivery server starts only after the host is up). */
async function freePort() {
  const { createServer } = await import("node:net");
  return new Promise((resolvePort) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

before(async () => {
  deliveryUrl = `http://127.0.0.1:${await freePort()}/`;
  ({ host, baseUrl } = await startHost({
    cwd: work,
    env: {
      Admin__Token: adminToken,
      Licensing__StateDirectory: join(work, "state"),
      // The shortest interval: the first scheduled check comes a tenth of it after the start.
      Licensing__Update__Endpoint: deliveryUrl,
      Licensing__Update__Interval: "00:05:00",
    },
  }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  host?.kill();
  delivery?.kill();
  rmSync(work, { recursive: true, force: true });
});

test("the host picks up the team's license without a paste, a modification after Check now, and says when the server is gone", async () => {
  const token = await (await apiCall(baseUrl, adminToken, "/token")).text();
  tool("issue", newLicenseRequest, "--token", token, "--key", exampleKey, "--ledger", ledger, "--out", join(work, "issued.lic"));
  delivery = await startDelivery(deliveryUrl);

  // No paste: the scheduled check (about 30 s after the host started) installs it.
  const installed = await until("the scheduled check to install the license", async () => {
    const status = await (await apiCall(baseUrl, adminToken)).json();
    return status.state === "Active" && status.update?.outcome === "Installed" ? status : undefined;
  }, 90);
  assert.equal(installed.license.revision, 1);
  assert.match(installed.update.message, /^Automatic update on .*: License \d+ \(revision 1\) installed\./);
  const update = await (await apiCall(baseUrl, adminToken, "/update")).json();
  assert.equal(update.outcome, "Installed");

  // Axe is injected as a script, which the page's Content-Security-Policy rightly refuses: bypassed here only.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(baseUrl);
  await signIn(page, adminToken);
  await page.waitForSelector("#auto-update:not([hidden])");
  assert.match(await page.textContent("#auto-update-message"), /revision 1\) installed/);
  assert.equal(await page.textContent("#auto-update-outcome"), "Installed");
  assert.match(await page.textContent("#auto-update-times"), /Last check: .* · last success: .* · next check: /);
  assert.match(await page.textContent("#details"), /25 agents/);

  tool("modify", "--token", token, "--agents", "30", "--key", exampleKey, "--ledger", ledger);
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
  assert.equal(await page.textContent("#auto-update-outcome"), "Failed");
  assert.equal(await page.getAttribute("#state", "data-state"), "Active");
  assert.match(await page.textContent("#details"), /revision 2/);
  assert.equal(await page.isEnabled("#check-now"), true);

  // The failed check, as the administrator sees it: still no serious accessibility problem (the red badge's contrast).
  await page.addScriptTag({ content: axeSource });
  assert.deepEqual(await axeCheck(page, "automatic update failed"), []);

  const anonymous = await apiCall(baseUrl, null, "/update", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
  assert.equal(anonymous.status, 401);
});
