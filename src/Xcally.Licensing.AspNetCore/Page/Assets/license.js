// Settings → License: the state, the details, the token (click to copy), the manual update, the log
// download and the automatic update. No framework and no external resources (Motion servers have no
// internet), and nothing inline: the server's Content-Security-Policy allows this file and the style
// sheet only. Everything from the license is inserted as text (textContent), never as markup.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const api = (document.querySelector('meta[name="xcally-licensing-api"]')?.content ?? "").replace(/\/+$/, "");
  const tokenKey = "xcallyLicensingAdminToken";

  // The wire names of src/Xcally.Licensing/Document/WireNames.cs, as Motion's License page words them.
  const labels = {
    kind: { subscription: "Subscription", demo: "Demo", deactivation: "Deactivation" },
    billing: { monthly: "Monthly", annual: "Annual" },
    supportPlan: { silver: "Silver", platinum: "Platinum" },
    channels: { voice: "Voice", chat: "Chat", email: "Email", sms: "SMS", fax: "Fax", openChannel: "Open Channel", whatsApp: "WhatsApp" },
    modules: { contactsManager: "Contacts Manager", dialer: "Dialer", jscripty: "Jscripty", inspectors: "Inspectors", multiprofile: "Multiprofile", timings: "Timings" },
    addOns: { webRtc: "WebRTC", windowsPhonebar: "Windows Phonebar", customization: "Customization", screenRecording: "Screen Recording", realTimeTranslator: "Real-time Translator" },
    ai: { aiBots: "AI Bots", aiAssistants: "AI Assistants", agentAssistants: "Agent Assistants", qualityAnalysisVoice: "Quality Analysis (voice)", qualityAnalysisDigital: "Quality Analysis (digital channels)" },
    plugins: { dataRetention: "Data Retention", botify: "Botify", queueManager: "Queue Manager", schedulease: "Schedulease" },
    // TokenDiff.changed holds TokenComponent names (src/Xcally.Licensing/Installation/TokenComponent.cs).
    components: {
      MachineId: "the operating system's installation ID", Platform: "the hardware platform", RootDisk: "the root disk",
      NetworkCards: "the network cards", Cpu: "the processor", Memory: "the memory", Hostname: "the host name", IpAddresses: "the IP addresses",
    },
    // SeatUsage.pool (src/Xcally.Licensing/Seats/SeatPool.cs).
    pools: {
      Agents: "concurrent agents", IvrChannels: "IVR channels", ChannelSessions: "channel sessions",
      Users: "users", Admins: "administrators", Telephones: "telephones", MobileAgents: "mobile agents",
    },
    outcome: { Installed: "Installed", UpToDate: "Up to date", NoLicenseForToken: "No license for this token", Refused: "Refused", Failed: "Failed" },
  };

  const label = (kind, value) => labels[kind][value] ?? value;
  // In the administrator's language, with the time zone: the server's own sentences give UTC.
  const when = (value) => new Date(value).toLocaleString(undefined, { year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  const day = (value) => new Date(value).toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const sentenceList = (items) => items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

  function element(tag, className, ...children) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    e.append(...children);
    return e;
  }

  // A name from the license, isolated from the text around it: a right-to-left override or an unclosed
  // isolate in a signed name cannot reorder the rest of the line. (The signer refuses such names; a
  // genuine file from elsewhere may still hold one.)
  const isolated = (name) => element("bdi", "", name);

  /** Sets `target` to `text`, with `name` isolated where the text quotes it ("Licensed to <name> until …"). */
  function setTextIsolating(target, text, name) {
    const at = name ? text.indexOf(name) : -1;
    if (at < 0) {
      target.textContent = text;
    } else {
      target.replaceChildren(text.slice(0, at), isolated(name), text.slice(at + name.length));
    }
  }

  // ---- the API --------------------------------------------------------------------------------

  class Unauthorized extends Error {}

  class Problem extends Error {
    constructor(status, body) {
      super(body?.detail || body?.title || `The server answered ${status}.`);
      this.status = status;
      this.code = body?.code;
    }
  }

  // The administrator's token, for hosts that sign in with a bearer token: for this browser tab only.
  // Kept in memory too, for a browser whose storage is disabled.
  let memoryToken = null;

  function storedToken() {
    try { return sessionStorage.getItem(tokenKey) ?? memoryToken; } catch { return memoryToken; }
  }

  function storeToken(token) {
    memoryToken = token;
    try {
      if (token) sessionStorage.setItem(tokenKey, token); else sessionStorage.removeItem(tokenKey);
    } catch { /* storage disabled: the token lives as long as the page */ }
  }

  /** Calls the API; throws Unauthorized on 401 and a Problem (with the server's detail) on any other refusal. */
  async function call(path, init = {}) {
    const headers = new Headers(init.headers);
    const token = storedToken();
    if (token) headers.set("Authorization", `Bearer ${token}`);
    const response = await fetch(api + path, { ...init, headers, credentials: "same-origin", cache: "no-store" });
    if (response.status === 401) throw new Unauthorized();
    if (!response.ok) {
      const body = /json/.test(response.headers.get("Content-Type") ?? "") ? await response.json().catch(() => null) : null;
      throw new Problem(response.status, body);
    }
    return response;
  }

  // ---- what the page shows ----------------------------------------------------------------------

  let current = null;

  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.classList.add("show");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { box.classList.remove("show"); box.textContent = ""; }, 4000);
  }

  function showBanner(status) {
    const banner = $("state");
    const customer = status.license?.customer;
    banner.className = `banner ${status.state}`;
    banner.dataset.state = status.state;
    let title;
    switch (status.state) {
      case "Active": title = "License active"; break;
      case "Grace": title = status.graceEndsAt
        ? `Grace period: ${plural(status.graceDaysLeft ?? 0, "day", "days")} left, until ${when(status.graceEndsAt)}`
        : "Grace period"; break;
      case "Trial": title = "Trial mode: XCALLY Motion runs with the trial limits"; break;
      case "Unlicensed": title = "No license installed: XCALLY Motion runs with the trial limits"; break;
      case "Deactivated": title = "This server is deactivated"; break;
      case "Invalid": title = "The installed license is not valid"; break;
      default: title = status.state;
    }
    const reason = element("p", "banner-reason");
    setTextIsolating(reason, status.reason, customer);
    const body = element("div", "banner-body", element("p", "banner-title", title), reason);

    const diff = status.tokenDiff;
    if (diff && status.state !== "Active") {
      if (diff.changed?.length) {
        body.append(element("p", "", `What changed on this server: ${sentenceList(diff.changed.map((c) => label("components", c)))}.`));
      }
      body.append(element("p", "banner-tokens",
        "To move the license to this server, send both tokens to the XCALLY team: the license's ",
        element("code", "", diff.licensedToken), ", this server's ", element("code", "", diff.currentToken), "."));
    }
    banner.replaceChildren(body);
  }

  function showDetails(status) {
    const license = status.license;
    const e = status.entitlements;
    const fields = [];
    const field = (term, value, wide = false) => {
      const dd = element("dd");
      dd.append(value);
      fields.push(element("div", wide ? "field wide" : "field", element("dt", "", term), dd));
    };
    const list = (kind, values) => values.length
      ? element("ul", "tags", ...values.map((v) => element("li", "", label(kind, v))))
      : element("span", "muted", "None");
    const counts = (...items) => element("ul", "counts", ...items.map(([n, what]) => element("li", "", element("span", "count", String(n)), ` ${what}`)));
    const yesNo = (value, yes, no) => element("span", value ? "yes" : "no", value ? yes : no);

    // Monthly or Annual for a subscription (as Motion shows it); a demo or a deactivation says so.
    const type = !license ? "No license (trial limits)"
      : license.kind === "subscription" && license.billing ? label("billing", license.billing) : label("kind", license.kind);
    field("Type of license", type);
    field("Expiration date", license ? (license.expiresAt ? when(license.expiresAt) : "No expiry") : "—");
    if (license) {
      field("Customer", isolated(license.customer));
      field("Plan", license.plan ? isolated(license.plan) : "—");
    }
    field("Staff", counts([e.staff.users, "users"], [e.staff.agents, "agents"], [e.staff.telephones, "telephones"], [e.staff.mobileAgents, "mobile agents"]), true);
    field("Channels", list("channels", e.channels), true);
    field("Modules", list("modules", e.modules), true);
    const sessions = counts([e.sessions.ivrChannels, "IVR channels"], [e.sessions.channelSessions, "channel sessions"]);
    field("Sessions", element("div", "", sessions, element("p", "note", "May be subject to technical limitations, to keep the server performing well.")), true);
    if (status.seats?.length) {
      field("Seats in use", seatUsage(status.seats), true);
    }
    field("Add-ons", list("addOns", e.addOns), true);
    field("AI solutions", list("ai", e.ai), true);
    field("Update", yesNo(e.softwareUpdate, "Software update allowed", "Software update not allowed"));
    field("App Zone", yesNo(e.appZone, "Enabled", "Not enabled"));
    field("Plugins", list("plugins", e.plugins), true);
    field("Support", license?.supportPlan ? label("supportPlan", license.supportPlan) : "None");
    field("White label", yesNo(e.addOns.includes("customization"), "Yes", "No"));
    if (license) {
      field("License number", `${license.serial}, revision ${license.revision}, issued ${day(license.issuedAt)}`);
    }
    $("details").replaceChildren(...fields);
  }

  /** In use of licensed per pool; a pool the license shrank below its use says since when, and nothing was cut. */
  function seatUsage(seats) {
    const items = seats.map((seat) => element("li", seat.overLimitSince ? "over" : "",
      element("span", "count", `${seat.inUse} / ${seat.licensed}`), ` ${label("pools", seat.pool)}`));
    const over = seats.filter((seat) => seat.message).map((seat) => element("li", "", seat.message));
    const list = element("ul", "counts seats", ...items);
    return over.length
      ? element("div", "", list, element("ul", "alert over-limit", ...over))
      : list;
  }

  function showToken(status) {
    const button = $("token");
    $("token-value").textContent = status.token ?? "not available";
    button.disabled = !status.token;
  }

  /** The automatic update's last result, next to the manual update: what the admin falls back to when it fails. */
  function showAutoUpdate(update, customer) {
    const section = $("auto-update");
    section.hidden = !update;
    if (!update) return;
    section.dataset.outcome = update.outcome ?? "none";
    const badge = $("auto-update-outcome");
    badge.textContent = update.outcome ? label("outcome", update.outcome) : "Not checked yet";
    badge.className = `badge ${update.outcome ?? "none"}`;
    setTextIsolating($("auto-update-message"), update.message, customer);
    const times = [];
    if (update.lastAttempt) times.push(`Last check: ${when(update.lastAttempt)}`);
    if (update.lastSuccess) times.push(`last success: ${when(update.lastSuccess)}`);
    if (update.nextAttempt) times.push(`next check: ${when(update.nextAttempt)}`);
    $("auto-update-times").textContent = times.join(" · ");
  }

  function show(status) {
    current = status;
    showBanner(status);
    showToken(status);
    showDetails(status);
    showAutoUpdate(status.update, status.license?.customer);
    $("loading").hidden = true;
    $("load-error").hidden = true;
    $("sign-in").hidden = true;
    $("content").hidden = false;
  }

  function showSignIn() {
    const rejected = Boolean(storedToken());
    storeToken(null);
    $("loading").hidden = true;
    $("content").hidden = true;
    $("sign-in").hidden = false;
    const error = $("sign-in-error");
    error.textContent = rejected ? "The administrator token was not accepted." : "";
    error.hidden = !rejected;
    $("admin-token").value = "";
    $("admin-token").focus();
  }

  /** Every action goes through here: a 401 asks for the token, another failure is told where it happened. */
  async function guarded(action, onProblem) {
    try {
      await action();
    } catch (e) {
      if (e instanceof Unauthorized) {
        showSignIn();
      } else {
        onProblem(e instanceof Problem ? e.message : `The server could not be reached (${e.message}).`, e);
      }
    }
  }

  function loadFailed(message) {
    $("loading").hidden = true;
    const error = $("load-error");
    error.textContent = `The license could not be loaded: ${message}`;
    error.hidden = false;
  }

  const load = () => guarded(async () => show(await (await call("")).json()), loadFailed);

  // ---- actions ----------------------------------------------------------------------------------

  async function copyToken() {
    const token = current?.token;
    if (!token) return;
    try {
      await navigator.clipboard.writeText(token);
    } catch {
      // Without the async clipboard (an insecure origin), a selection copy.
      const area = element("textarea", "offscreen");
      area.value = token;
      area.setAttribute("readonly", "");
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      $("token").focus();
    }
    toast("Token copied to the clipboard!");
  }

  function toggleUpdate(open) {
    $("update").hidden = !open;
    $("edit").setAttribute("aria-expanded", String(open));
    $("update-error").hidden = true;
    if (open) $("license-text").focus();
  }

  function updateFailed(message) {
    const error = $("update-error");
    error.textContent = message;
    error.hidden = false;
  }

  async function applyLicense(event) {
    event.preventDefault();
    const text = $("license-text").value;
    $("update-error").hidden = true;
    if (!text.trim()) {
      updateFailed("Paste the license first, from its BEGIN line to its END line.");
      $("license-text").focus();
      return;
    }
    const before = current?.license?.payloadSha256;
    const apply = $("apply");
    apply.disabled = true;
    // On a refusal nothing changed on the server: the details stay as they are, the pasted text too.
    await guarded(async () => {
      const status = await (await call("", { method: "PUT", headers: { "Content-Type": "text/plain; charset=utf-8" }, body: text })).json();
      show(status);
      $("license-text").value = "";
      toggleUpdate(false);
      $("edit").focus();
      toast(status.license?.payloadSha256 === before ? "This license is already installed." : "License updated!");
    }, updateFailed);
    apply.disabled = false;
  }

  async function downloadLog() {
    await guarded(async () => {
      const response = await call("/log");
      const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "license-log.jsonl";
      const url = URL.createObjectURL(await response.blob());
      const link = element("a", "offscreen");
      link.href = url;
      link.download = decodeURIComponent(name);
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      toast("License log file downloaded!");
    }, (message) => toast(`The license log could not be downloaded: ${message}`));
  }

  async function checkNow() {
    const button = $("check-now");
    button.disabled = true;
    $("auto-update-message").textContent = "Checking the licensing server…";
    await guarded(async () => {
      // Answers the update's state; the status then shows the license it may have installed.
      await call("/update", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      show(await (await call("")).json());
    }, (message, e) => {
      if (e?.code === "update-not-configured") {
        $("auto-update").hidden = true;
      } else {
        $("auto-update-message").textContent = `The check could not be run: ${message}`;
      }
    });
    button.disabled = false;
  }

  function signIn(event) {
    event.preventDefault();
    const token = $("admin-token").value.trim();
    if (!token) {
      const error = $("sign-in-error");
      error.textContent = "Enter the administrator token.";
      error.hidden = false;
      $("admin-token").focus();
      return;
    }
    storeToken(token);
    $("sign-in-error").hidden = true;
    const button = $("sign-in-button");
    button.disabled = true;
    load().finally(() => { button.disabled = false; });
  }

  $("sign-in-form").addEventListener("submit", signIn);
  $("token").addEventListener("click", copyToken);
  $("edit").addEventListener("click", () => toggleUpdate($("update").hidden));
  $("cancel").addEventListener("click", () => { toggleUpdate(false); $("edit").focus(); });
  $("update").addEventListener("keydown", (event) => {
    if (event.key === "Escape") { toggleUpdate(false); $("edit").focus(); }
  });
  $("update-form").addEventListener("submit", applyLicense);
  $("download").addEventListener("click", downloadLog);
  $("check-now").addEventListener("click", checkNow);
  load();
})();
