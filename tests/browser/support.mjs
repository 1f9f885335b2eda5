// What both browser tests share: the reference host (samples/Xcally.Licensing.SampleHost) started on a
// free loopback port, the licensing team's tool (src/Xcally.Licensing.Signer), the API called from Node
// with the administrator's bearer token, Debian's Chromium, and signing in on the page.
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "../..");
export const signer = join(repo, "src/Xcally.Licensing.Signer/bin/Release/net10.0/Xcally.Licensing.Signer");
export const exampleKey = join(repo, "keys.example/example.private.pem");
export const newLicenseRequest = join(repo, "samples/requests/new-license.json");
const hostDll = join(repo, "samples/Xcally.Licensing.SampleHost/bin/Release/net10.0/Xcally.Licensing.SampleHost.dll");

/** axe-core, to inject into a page with page.addScriptTag({ content }) (in a context that bypasses the CSP). */
export const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** Runs axe-core on the page, prints every violation, and returns the ids of the serious and critical ones. */
export async function axeCheck(page, where) {
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  for (const v of results.violations) {
    console.log(`axe (${where}): ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  }
  if (results.violations.length === 0) console.log(`axe (${where}): no violations`);
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${where}: ${v.id}`);
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(what, check, seconds) {
  for (let i = 0; i < seconds * 5; i++) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    await delay(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Starts the reference host on port 0 and reads the address Kestrel bound from its log, so two test
 * files (or two CI runs) never race for a port. `env` adds configuration (Admin__Token, Licensing__...).
 */
export async function startHost({ cwd, env }) {
  const host = spawn("dotnet", [hostDll, "--urls", "http://127.0.0.1:0"], {
    cwd,
    env: { ...process.env, ASPNETCORE_ENVIRONMENT: "Development", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  host.stderr.on("data", (d) => process.stderr.write(d));
  const baseUrl = await new Promise((resolveUrl, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`the host did not say where it listens within 60 s:\n${out}`)), 60_000);
    host.stdout.on("data", (d) => {
      out += d;
      const listening = /Now listening on: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (listening) {
        clearTimeout(timer);
        resolveUrl(`${listening[1]}/`);
      }
    });
    host.on("exit", (code) => { clearTimeout(timer); reject(new Error(`the host exited with ${code}:\n${out}`)); });
  }).catch((e) => { host.kill(); throw e; });
  // Any answer will do: the health check says Unhealthy (503) while no license is installed.
  await until("the host's health endpoint", async () => (await fetch(baseUrl + "health")).status, 30).catch((e) => { host.kill(); throw e; });
  return { host, baseUrl };
}

/** The API from Node, as the administrator (or as `token`; null for an anonymous call). */
export function apiCall(baseUrl, adminToken, path = "", init = {}) {
  const headers = { ...init.headers };
  if (adminToken) headers.Authorization = `Bearer ${adminToken}`;
  return fetch(`${baseUrl}api/license${path}`, { ...init, headers });
}

export const launchBrowser = () =>
  chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });

/** Signs in on the page the way an administrator does, and waits for the license's state. */
export async function signIn(page, adminToken) {
  await page.waitForSelector("#sign-in:not([hidden])");
  await page.fill("#admin-token", adminToken);
  await page.click("#sign-in-button");
  await page.waitForSelector("#state[data-state]");
}

/** The licensing team's tool: issues a license for `token` from the sample request into `ledger`. */
export function issue(work, token, out, ledger = "ledger.db") {
  execFileSync(signer, ["issue", newLicenseRequest, "--token", token, "--key", exampleKey, "--ledger", join(work, ledger), "--out", out], { stdio: "pipe" });
  return readFileSync(out, "utf8");
}

// The installation token's groups (src/Xcally.Licensing/Installation/TokenCodec.cs): Crockford base32,
// four data symbols and a Luhn mod 32 check over the group's position and its data.
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function checkSymbol(position, data) {
  let sum = 0;
  let factor = 2;
  for (let i = data.length; i >= 0; i--) {
    const addend = factor * (i === 0 ? position % 32 : data[i - 1]);
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return (32 - (sum % 32)) % 32;
}

/**
 * A valid token of another server: `token` with the lowest bit of its key tag (header group) flipped,
 * its check symbol recomputed. Another key tag means another hashing secret, so another server.
 */
export function otherServersToken(token) {
  const groups = token.split("-");
  const data = [...groups[0].slice(0, 4)].map((c) => alphabet.indexOf(c));
  data[3] ^= 1;
  groups[0] = data.map((v) => alphabet[v]).join("") + alphabet[checkSymbol(0, data)];
  return groups.join("-");
}
