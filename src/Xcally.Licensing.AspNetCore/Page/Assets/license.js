// Settings → License: the details, the token (click to copy), the manual update, the log download.
// No framework and no external resources: Motion servers have no internet.
"use strict";

const $ = (id) => document.getElementById(id);

const labels = {
  channels: { voice: "Voice", chat: "Chat", email: "Email", sms: "SMS", fax: "Fax", openChannel: "Open Channel", whatsApp: "WhatsApp" },
  modules: { contactsManager: "Contacts Manager", dialer: "Dialer", jscripty: "Jscripty", inspectors: "Inspectors", multiprofile: "Multiprofile", timings: "Timings" },
  addOns: { webRtc: "WebRTC", windowsPhonebar: "Windows Phonebar", customization: "Customization", screenRecording: "Screen Recording", realTimeTranslator: "Real-time Translator" },
  ai: { aiBots: "AI Bots", aiAssistants: "AI Assistants", agentAssistants: "Agent Assistants", qualityAnalysisVoice: "Quality Analysis (voice)", qualityAnalysisDigital: "Quality Analysis (digital)" },
  plugins: { dataRetention: "Data Retention", botify: "Botify", queueManager: "Queue Manager", schedulease: "Schedulease" },
};

function names(kind, values) {
  return values.length ? values.map((v) => labels[kind][v] ?? v).join(", ") : "none";
}

function date(value) {
  return value ? new Date(value).toLocaleString(undefined, { dateStyle: "long", timeStyle: "short" }) : "no expiry";
}

// A name from the license: inserted as text, never as markup, and isolated from the text around it,
// so a right-to-left override or an unclosed isolate in a signed name cannot reorder the rest of
// the line. (The signer refuses such names; a verified file from elsewhere may still hold one.)
function isolated(name) {
  const bdi = document.createElement("bdi");
  bdi.textContent = name;
  return bdi;
}

// Sets `element` to `text`, with `name` isolated where the text quotes it ("Licensed to <name> until …").
function setTextIsolating(element, text, name) {
  const at = name ? text.indexOf(name) : -1;
  if (at < 0) {
    element.textContent = text;
    return;
  }
  element.replaceChildren(text.slice(0, at), isolated(name), text.slice(at + name.length));
}

function adminHeaders() {
  const token = $("admin-token").value || sessionStorage.getItem("adminToken") || "";
  return token ? { Authorization: `Bearer ${token}` } : {};
}

function toast(message) {
  const box = $("toast");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

function showState(status) {
  const state = $("state");
  state.className = `state ${status.state}`;
  let text = `${status.state}: ${status.reason}`;
  if (status.state === "Grace" && status.graceEndsAt) {
    text += ` Grace period ends ${date(status.graceEndsAt)} (${status.graceDaysLeft} day(s) left).`;
  } else if (status.state === "Trial") {
    text += " XCALLY Motion runs in trial mode until a valid license is installed.";
  }
  setTextIsolating(state, text, status.license?.customer);
}

function showDetails(status) {
  const details = $("details");
  details.replaceChildren();
  const row = (term, value) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    if (value instanceof Node) {
      dd.append(value);
    } else {
      dd.textContent = value;
    }
    details.append(dt, dd);
  };
  const license = status.license;
  const e = status.entitlements;
  if (license) {
    row("Customer", isolated(license.customer));
    row("Type of license", license.billing ? license.billing[0].toUpperCase() + license.billing.slice(1) : license.kind);
    row("Plan", license.plan ?? "—");
    row("Expiration date", date(license.expiresAt));
    row("Serial", `${license.serial} (revision ${license.revision})`);
  }
  row("Staff", `${e.staff.users} users, ${e.staff.agents} agents, ${e.staff.telephones} telephones, ${e.staff.mobileAgents} mobile agents`);
  row("Channels", names("channels", e.channels));
  row("Modules", names("modules", e.modules));
  row("Sessions", `${e.sessions.ivrChannels} IVR channels, ${e.sessions.channelSessions} channel sessions`);
  row("Add-ons", names("addOns", e.addOns));
  row("AI solutions", names("ai", e.ai));
  row("Plugins", names("plugins", e.plugins));
  row("Software update", e.softwareUpdate ? "allowed" : "not allowed");
  row("App Zone", e.appZone ? "enabled" : "disabled");
}

/** The automatic update's last result, next to the manual update: what the page falls back to when it fails. */
function showAutoUpdate(status) {
  const section = $("auto-update");
  const update = status.update;
  section.hidden = !update;
  if (!update) {
    return;
  }
  section.className = `auto-update ${update.outcome ?? "none"}`;
  $("auto-update-message").textContent = update.message;
  const times = [];
  if (update.lastSuccess) times.push(`last success ${date(update.lastSuccess)}`);
  if (update.nextAttempt) times.push(`next check ${date(update.nextAttempt)}`);
  $("auto-update-times").textContent = times.join(" · ");
}

function show(status) {
  showState(status);
  showDetails(status);
  showAutoUpdate(status);
}

async function checkNow() {
  const button = $("check-now");
  button.disabled = true;
  try {
    const response = await fetch("api/license/update", { method: "POST", headers: adminHeaders() });
    const body = await response.json().catch(() => ({ message: `The server answered ${response.status}.` }));
    if (response.ok) {
      show(body);
      toast(body.update?.message ?? "Checked.");
    } else {
      toast(body.message);
    }
  } finally {
    button.disabled = false;
  }
}

async function load() {
  const [status, token] = await Promise.all([
    fetch("api/license").then((r) => r.json()),
    fetch("api/license/token").then((r) => r.json()),
  ]);
  show(status);
  $("token-value").textContent = token.token ?? `unavailable: ${token.explanation}`;
}

async function copyToken() {
  const token = $("token-value").textContent;
  try {
    await navigator.clipboard.writeText(token);
  } catch {
    // Without the async clipboard (an insecure origin), fall back to a selection copy.
    const area = document.createElement("textarea");
    area.value = token;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  toast("Token copied to the clipboard!");
}

function toggleUpdate(open) {
  $("update").hidden = !open;
  $("edit").setAttribute("aria-expanded", String(open));
  $("update-error").hidden = true;
  if (open) {
    $("admin-token").value = sessionStorage.getItem("adminToken") ?? "";
    $("license-text").focus();
  }
}

async function applyLicense() {
  const error = $("update-error");
  error.hidden = true;
  const response = await fetch("api/license", {
    method: "PUT",
    headers: { "Content-Type": "text/plain; charset=utf-8", ...adminHeaders() },
    body: $("license-text").value,
  });
  const body = await response.json().catch(() => ({ message: `The server answered ${response.status}.` }));
  if (response.ok) {
    sessionStorage.setItem("adminToken", $("admin-token").value);
    show(body);
    $("license-text").value = "";
    toggleUpdate(false);
    toast("License updated!");
    return;
  }
  // The details stay as they were: nothing changed on the server.
  error.textContent = body.message;
  error.hidden = false;
}

async function downloadLog() {
  const response = await fetch("api/license/log", { headers: adminHeaders() });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    toast(body.message ?? `The log could not be downloaded (${response.status}).`);
    return;
  }
  const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "license-log.jsonl";
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  toast("License log file downloaded!");
}

$("token").addEventListener("click", copyToken);
$("edit").addEventListener("click", () => toggleUpdate($("update").hidden));
$("cancel").addEventListener("click", () => toggleUpdate(false));
$("apply").addEventListener("click", applyLicense);
$("download").addEventListener("click", downloadLog);
$("check-now").addEventListener("click", checkNow);
load();
