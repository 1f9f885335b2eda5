"""Independent verifier for XCALLY license files, format version 1.

Written from docs/license-format.md alone (standard library only).  Ed25519 is
implemented here from RFC 8032 section 5.1 with big-integer arithmetic.

    verify(data, trusted_keys, allow_development_keys, now, token) -> status
    verify_detailed(...) -> (status, document or None, unrecognized list)
    import_public_key(raw) -> bool      (section 1: is this key usable?)
"""

import base64
import hashlib
import re

__all__ = ["verify", "verify_detailed", "import_public_key", "key_id"]

# ---------------------------------------------------------------------------
# Ed25519 (RFC 8032 section 5.1), extended homogeneous coordinates (X, Y, Z, T)

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = (-121665 * pow(121666, P - 2, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)

_BY = 4 * pow(5, P - 2, P) % P


def _recover_x(y, sign):
    """RFC 8032 5.1.3 steps 2-4; None if no point has this y/sign."""
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    vxx = v * x * x % P
    if vxx == u:
        pass
    elif vxx == (-u) % P:
        x = x * SQRT_M1 % P
    else:
        return None
    if x == 0 and sign == 1:
        return None
    if x & 1 != sign:
        x = P - x
    return x


_BX = _recover_x(_BY, 0)
BASE = (_BX, _BY, 1, _BX * _BY % P)
IDENTITY = (0, 1, 1, 0)


def _add(p1, p2):
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _double(p1):
    x1, y1, z1, _ = p1
    a = x1 * x1 % P
    b = y1 * y1 % P
    c = 2 * z1 * z1 % P
    h = a + b
    e = h - (x1 + y1) * (x1 + y1)
    g = a - b
    f = c + g
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(k, pt):
    q = IDENTITY
    while k:
        if k & 1:
            q = _add(q, pt)
        pt = _double(pt)
        k >>= 1
    return q


def _mul8(pt):
    return _double(_double(_double(pt)))


def _equal(p1, p2):
    x1, y1, z1, _ = p1
    x2, y2, z2, _ = p2
    return (x1 * z2 - x2 * z1) % P == 0 and (y1 * z2 - y2 * z1) % P == 0


def _decode_point(s):
    """RFC 8032 5.1.3 decoding; None when it fails (including y >= p)."""
    if len(s) != 32:
        return None
    n = int.from_bytes(s, "little")
    sign = n >> 255
    y = n & ((1 << 255) - 1)
    if y >= P:
        return None
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


_key_cache = {}


def _usable_key(raw):
    """Section 1: the decoded point if the key is usable, else None."""
    raw = bytes(raw)
    if raw in _key_cache:
        return _key_cache[raw]
    pt = _decode_point(raw) if len(raw) == 32 else None
    # Prime order L: [L]A is neutral AND A itself is not the neutral point
    # (the neutral point also satisfies [L]A = neutral; see README).
    if pt is not None and (_equal(pt, IDENTITY) or not _equal(_mul(L, pt), IDENTITY)):
        pt = None
    _key_cache[raw] = pt
    return pt


def import_public_key(raw):
    """True if section 1 lets a verifier trust this 32-byte public key."""
    return _usable_key(raw) is not None


def _ed25519_verify(a_raw, a_point, msg, sig):
    """Section 4 step 3: S < L, canonical R, cofactored equation."""
    if len(sig) != 64:
        return False
    r_raw, s_raw = sig[:32], sig[32:]
    s = int.from_bytes(s_raw, "little")
    if s >= L:
        return False
    r = _decode_point(r_raw)
    if r is None:
        return False
    k = int.from_bytes(hashlib.sha512(r_raw + a_raw + msg).digest(), "little") % L
    left = _mul8(_mul(s, BASE))
    right = _mul8(_add(r, _mul(k, a_point)))
    return _equal(left, right)


def key_id(a_raw):
    return hashlib.sha256(b"xcally-license-key-id\x00" + bytes(a_raw)).digest()[:8]


EXAMPLE_KEY_ID = bytes.fromhex("098b8b1a8d13a70f")

# ---------------------------------------------------------------------------
# Section 2.2: armor

MAX_INPUT = 65536
BEGIN = "-----BEGIN XCALLY LICENSE-----"
END = "-----END XCALLY LICENSE-----"
_INVISIBLE = {ord(c): None for c in
              "\u00a0\u00ad\u2007\u200b\u200c\u200d\u2060\u202f\ufeff"}
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_B64_LINE = re.compile(r"[A-Za-z0-9+/=]*")


class _Fail(Exception):
    def __init__(self, status):
        super().__init__(status)
        self.status = status


def _read_armor(text):
    lines = []
    for line in _LINE_SPLIT.split(text):
        line = line.translate(_INVISIBLE)
        line = line.lstrip(" \t>")
        line = line.rstrip(" \t")
        lines.append(line)
    begins = [i for i, l in enumerate(lines) if l == BEGIN]
    if len(begins) > 1:
        raise _Fail("multiple-licenses")
    if not begins:
        raise _Fail("truncated" if END in lines else "not-found")
    start = begins[0] + 1
    try:
        stop = lines.index(END, start)
    except ValueError:
        raise _Fail("truncated")
    body = lines[start:stop]
    for l in body:
        if not _B64_LINE.fullmatch(l):
            raise _Fail("damaged")
    b = "".join(body)
    if not b:
        raise _Fail("truncated")
    if len(b) % 4 != 0:
        raise _Fail("damaged")
    stripped = b.rstrip("=")
    if len(b) - len(stripped) > 2 or "=" in stripped:
        raise _Fail("damaged")
    try:
        e = base64.b64decode(b, validate=True)
    except ValueError:
        raise _Fail("damaged")
    if base64.b64encode(e).decode("ascii") != b:
        raise _Fail("damaged")
    return e


# ---------------------------------------------------------------------------
# Section 3: envelope

MAX_PAYLOAD = 32768


def _read_envelope(e):
    if len(e) < 21:
        raise _Fail("truncated")
    if e[0:4] != b"XCLY":
        raise _Fail("damaged")
    n = int.from_bytes(e[13:17], "big")
    if hashlib.sha256(e[:-4]).digest()[:4] != e[-4:]:
        if len(e) < 85 + n <= 32853:
            raise _Fail("truncated")
        raise _Fail("damaged")
    if e[4] != 1:
        raise _Fail("unsupported-version")
    if n == 0 or n > MAX_PAYLOAD or len(e) != 85 + n:
        raise _Fail("malformed")
    return e[5:13], e[17:17 + n], e[17 + n:81 + n], e[:17 + n]


# ---------------------------------------------------------------------------
# Section 5 phase A: strict RFC 8259 JSON

class Num:
    """A JSON number, kept as the exact text written."""
    __slots__ = ("raw",)

    def __init__(self, raw):
        self.raw = raw

    def __repr__(self):
        return "Num(%s)" % self.raw


_WS = " \t\n\r"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_ESC = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n",
        "r": "\r", "t": "\t"}
_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
MAX_DEPTH = 8


class _Malformed(Exception):
    pass


def _fold(name):
    return name.translate(_ASCII_LOWER)


class _Parser:
    def __init__(self, s):
        self.s = s
        self.i = 0

    def ws(self):
        s, i = self.s, self.i
        while i < len(s) and s[i] in _WS:
            i += 1
        self.i = i

    def document(self):
        self.ws()
        if self.i >= len(self.s) or self.s[self.i] != "{":
            raise _Malformed()
        v = self.value(0)
        self.ws()
        if self.i != len(self.s):
            raise _Malformed()
        return v

    def value(self, depth):
        s = self.s
        if self.i >= len(s):
            raise _Malformed()
        c = s[self.i]
        if c == "{":
            return self.obj(depth + 1)
        if c == "[":
            return self.arr(depth + 1)
        if c == '"':
            return self.string()
        for word, val in (("true", True), ("false", False), ("null", None)):
            if s.startswith(word, self.i):
                self.i += len(word)
                return val
        m = _NUMBER.match(s, self.i)
        if m:
            self.i = m.end()
            return Num(m.group())
        raise _Malformed()

    def obj(self, depth):
        if depth > MAX_DEPTH:
            raise _Malformed()
        self.i += 1
        result = {}
        folded = set()
        self.ws()
        if self.i < len(self.s) and self.s[self.i] == "}":
            self.i += 1
            return result
        while True:
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] != '"':
                raise _Malformed()
            name = self.string()
            f = _fold(name)
            if f in folded:
                raise _Malformed()
            folded.add(f)
            self.ws()
            if self.i >= len(self.s) or self.s[self.i] != ":":
                raise _Malformed()
            self.i += 1
            self.ws()
            result[name] = self.value(depth)
            self.ws()
            if self.i >= len(self.s):
                raise _Malformed()
            c = self.s[self.i]
            self.i += 1
            if c == "}":
                return result
            if c != ",":
                raise _Malformed()

    def arr(self, depth):
        if depth > MAX_DEPTH:
            raise _Malformed()
        self.i += 1
        result = []
        self.ws()
        if self.i < len(self.s) and self.s[self.i] == "]":
            self.i += 1
            return result
        while True:
            self.ws()
            result.append(self.value(depth))
            self.ws()
            if self.i >= len(self.s):
                raise _Malformed()
            c = self.s[self.i]
            self.i += 1
            if c == "]":
                return result
            if c != ",":
                raise _Malformed()

    def _hex4(self):
        m = _HEX4.match(self.s, self.i)
        if not m:
            raise _Malformed()
        self.i = m.end()
        return int(m.group(), 16)

    def string(self):
        s = self.s
        self.i += 1
        out = []
        while True:
            if self.i >= len(s):
                raise _Malformed()
            c = s[self.i]
            if c == '"':
                self.i += 1
                return "".join(out)
            if ord(c) < 0x20:
                raise _Malformed()
            if c != "\\":
                out.append(c)
                self.i += 1
                continue
            self.i += 1
            if self.i >= len(s):
                raise _Malformed()
            e = s[self.i]
            self.i += 1
            if e in _ESC:
                out.append(_ESC[e])
                continue
            if e != "u":
                raise _Malformed()
            cp = self._hex4()
            if 0xDC00 <= cp <= 0xDFFF:
                raise _Malformed()            # low surrogate without a high one
            if 0xD800 <= cp <= 0xDBFF:
                if not s.startswith("\\u", self.i):
                    raise _Malformed()
                self.i += 2
                lo = self._hex4()
                if not 0xDC00 <= lo <= 0xDFFF:
                    raise _Malformed()
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
            out.append(chr(cp))


def _parse_payload(payload):
    try:
        text = payload.decode("utf-8")      # strict: RFC 3629
    except UnicodeDecodeError:
        raise _Fail("malformed")
    if text.startswith("\ufeff"):
        raise _Fail("malformed")
    try:
        return _Parser(text).document()
    except (_Malformed, RecursionError):
        raise _Fail("malformed")


# ---------------------------------------------------------------------------
# Section 5.1 / 5.3 / 6: members, types and rules

ENTITLEMENTS = {
    "channels": ["voice", "chat", "email", "sms", "fax", "openChannel", "whatsApp"],
    "modules": ["contactsManager", "dialer", "jscripty", "inspectors", "multiprofile",
                "timings"],
    "addOns": ["webRtc", "windowsPhonebar", "customization", "screenRecording",
               "realTimeTranslator"],
    "ai": ["aiBots", "aiAssistants", "agentAssistants", "qualityAnalysisVoice",
           "qualityAnalysisDigital"],
    "plugins": ["dataRetention", "botify", "queueManager", "schedulease"],
}
KNOWN_MEMBERS = [
    "serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "expiresAt",
    "graceDays", "token", "customer", "plan", "billing", "supportPlan", "staff",
    "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate",
    "appZone", "critical",
]
OBJECT_MEMBERS = {
    "customer": ["name", "email"],
    "staff": ["admins", "users", "agents", "telephones", "mobileAgents"],
    "sessions": ["ivrChannels", "channelSessions"],
}
SPACES = set("\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2028\u2029\u202f\u205f\u3000"
             + "".join(chr(c) for c in range(0x2000, 0x200B)))


def _is_control(ch):
    o = ord(ch)
    return o <= 0x1F or 0x7F <= o <= 0x9F


_DIGITS = re.compile(r"0|[1-9][0-9]*")
_NAME = re.compile(r"[A-Za-z0-9]{1,64}")
_TOKEN = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*")
_PLAN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]{1,7}))?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))")

TICKS = 10 ** 7                      # 100 ns
_MIN_INSTANT = None                  # filled below
_MAX_INSTANT = None


def _days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _days_in_month(y, m):
    if m == 2:
        leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
        return 29 if leap else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _instant(y, mo, d, h, mi, s, frac=0):
    return ((_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * TICKS
            + frac)


_MIN_INSTANT = _instant(1, 1, 1, 0, 0, 0)
_MAX_INSTANT = _instant(9999, 12, 31, 23, 59, 59, 9999999)


def parse_timestamp(value):
    """The instant (100 ns ticks since 1970, UTC) or None if not a timestamp."""
    if not isinstance(value, str):
        return None
    m = _TIMESTAMP.fullmatch(value)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i)) for i in range(1, 7))
    if not (1 <= y <= 9999 and 1 <= mo <= 12 and 1 <= d <= _days_in_month(y, mo)):
        return None
    if h > 23 or mi > 59 or s > 59:
        return None
    frac = int((m.group(7) or "").ljust(7, "0"))
    offset = 0
    if not m.group(8):
        oh, om = int(m.group(10)), int(m.group(11))
        if om > 59 or oh * 60 + om > 14 * 60:
            return None
        offset = (oh * 60 + om) * 60 * TICKS
        if m.group(9) == "-":
            offset = -offset
    t = _instant(y, mo, d, h, mi, s, frac) - offset
    if not _MIN_INSTANT <= t <= _MAX_INSTANT:
        return None
    return t


def _integer(value, lo, hi):
    if not isinstance(value, Num) or not _DIGITS.fullmatch(value.raw):
        raise _Fail("malformed")
    v = int(value.raw)
    if not lo <= v <= hi:
        raise _Fail("malformed")
    return v


def _string(value):
    if not isinstance(value, str):
        raise _Fail("malformed")
    return value


def _boolean(value):
    if not isinstance(value, bool):
        raise _Fail("malformed")
    return value


def _timestamp(value):
    t = parse_timestamp(value)
    if t is None:
        raise _Fail("malformed")
    return t


def _enum(value, allowed):
    if not isinstance(value, str) or value not in allowed:
        raise _Fail("malformed")
    return value


def _names(value, list_name, unrecognized):
    if not isinstance(value, list):
        raise _Fail("malformed")
    seen = set()
    for item in value:
        if not isinstance(item, str) or not _NAME.fullmatch(item) or item in seen:
            raise _Fail("malformed")
        seen.add(item)
        if item not in ENTITLEMENTS[list_name]:
            unrecognized.append(list_name + "/" + item)
    return list(value)


def _check_document(doc):
    """Phases B, C, D. Returns (document, unrecognized)."""
    # Phase B: critical well formed.
    if "critical" in doc:
        crit = doc["critical"]
        if not isinstance(crit, list):
            raise _Fail("malformed")
        seen = set()
        for item in crit:
            if not isinstance(item, str) or item in seen or item not in doc:
                raise _Fail("malformed")
            seen.add(item)
        # Phase C
        for item in crit:
            if item not in KNOWN_MEMBERS:
                raise _Fail("unsupported-version")

    # Phase D
    unrecognized = [name for name in doc if name not in KNOWN_MEMBERS]
    required = ["serial", "lineage", "revision", "kind", "issuedAt", "validFrom",
                "graceDays", "token", "customer", "staff", "channels", "modules",
                "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone"]
    for name in required:
        if name not in doc:
            raise _Fail("malformed")
    out = {}
    out["serial"] = _integer(doc["serial"], 1, 2 ** 53 - 1)
    out["lineage"] = _integer(doc["lineage"], 1, 2 ** 53 - 1)
    out["revision"] = _integer(doc["revision"], 1, 2 ** 31 - 1)
    out["kind"] = _enum(doc["kind"], ("subscription", "demo", "deactivation"))
    out["issuedAt"] = _timestamp(doc["issuedAt"])
    out["validFrom"] = _timestamp(doc["validFrom"])
    if "expiresAt" in doc:
        out["expiresAt"] = _timestamp(doc["expiresAt"])
    out["graceDays"] = _integer(doc["graceDays"], 0, 30)
    out["token"] = _string(doc["token"])
    for obj_name, members in OBJECT_MEMBERS.items():
        obj = doc[obj_name]
        if not isinstance(obj, dict):
            raise _Fail("malformed")
        for m in obj:
            if m not in members:
                unrecognized.append(obj_name + "." + m)
        sub = {}
        for m in members:
            if m not in obj:
                raise _Fail("malformed")
            if obj_name == "customer":
                sub[m] = _string(obj[m])
            else:
                sub[m] = _integer(obj[m], 0, 1000000)
        out[obj_name] = sub
    if "plan" in doc:
        out["plan"] = _string(doc["plan"])
    if "billing" in doc:
        out["billing"] = _enum(doc["billing"], ("monthly", "annual"))
    if "supportPlan" in doc:
        out["supportPlan"] = _enum(doc["supportPlan"], ("silver", "platinum"))
    for list_name in ENTITLEMENTS:
        out[list_name] = _names(doc[list_name], list_name, unrecognized)
    out["softwareUpdate"] = _boolean(doc["softwareUpdate"])
    out["appZone"] = _boolean(doc["appZone"])

    # 5.3 rules
    kind = out["kind"]
    if "expiresAt" in out and not out["expiresAt"] > out["validFrom"]:
        raise _Fail("malformed")
    if kind != "deactivation" and "expiresAt" not in out:
        raise _Fail("malformed")
    tok = out["token"]
    if not 1 <= len(tok) <= 128 or not _TOKEN.fullmatch(tok):
        raise _Fail("malformed")
    name = out["customer"]["name"]
    if (not 1 <= len(name) <= 200 or any(_is_control(c) for c in name)
            or name[0] in SPACES or name[-1] in SPACES):
        raise _Fail("malformed")
    email = out["customer"]["email"]
    if not _email_ok(email):
        raise _Fail("malformed")
    if "plan" in out and not _PLAN.fullmatch(out["plan"]):
        raise _Fail("malformed")
    admins = out["staff"]["admins"]
    if kind == "subscription":
        if (any(m not in out for m in ("plan", "billing", "supportPlan", "expiresAt"))
                or admins < 1):
            raise _Fail("malformed")
    elif kind == "demo":
        if "expiresAt" not in out or "billing" in out or admins < 1:
            raise _Fail("malformed")
    else:
        if (any(out["staff"].values()) or any(out["sessions"].values())
                or any(out[l] for l in ENTITLEMENTS)
                or out["softwareUpdate"] or out["appZone"]):
            raise _Fail("malformed")
    return out, unrecognized


def _email_ok(email):
    if not 3 <= len(email) <= 254:
        return False
    if email.count("@") != 1 or email[0] == "@":
        return False
    if any(c in SPACES or _is_control(c) for c in email):
        return False
    domain = email[email.index("@") + 1:]
    if "." not in domain or domain[0] == ".":
        return False
    if email.endswith("."):
        return False
    return True


# ---------------------------------------------------------------------------
# Section 7 and the whole pipeline


def _strip_spaces(s):
    i, j = 0, len(s)
    while i < j and s[i] in SPACES:
        i += 1
    while j > i and s[j - 1] in SPACES:
        j -= 1
    return s[i:j]


def _tokens_match(typed, signed):
    return _fold(_strip_spaces(typed)) == _fold(signed)


def verify_detailed(data, trusted_keys, allow_development_keys, now, token):
    """Return (status, document or None, unrecognized names).

    data: bytes (a file) or str (pasted text).  trusted_keys: raw 32-byte
    public keys; an unusable one raises ValueError (section 1: refuse to load).
    now: RFC 3339 timestamp.  token: the installation token, or None.
    """
    keys = {}
    for raw in trusted_keys:
        pt = _usable_key(raw)
        if pt is None:
            raise ValueError("unusable trusted key")
        keys[key_id(raw)] = (bytes(raw), pt)
    now_t = parse_timestamp(now)
    if now_t is None:
        raise ValueError("now is not a timestamp")
    try:
        # Section 2.2: size, encoding
        if isinstance(data, str):
            if len(data.encode("utf-16-le", "surrogatepass")) // 2 > MAX_INPUT:
                raise _Fail("too-large")
            text = data
        else:
            data = bytes(data)
            if len(data) > MAX_INPUT:
                raise _Fail("too-large")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise _Fail("invalid-encoding")
        envelope = _read_armor(text)
        kid, payload, sig, signed = _read_envelope(envelope)
        # Section 4
        if kid == EXAMPLE_KEY_ID and not allow_development_keys:
            raise _Fail("development-key-not-allowed")
        if kid not in keys:
            raise _Fail("unknown-key")
        a_raw, a_pt = keys[kid]
        if not _ed25519_verify(a_raw, a_pt, b"xcally-license-file\x00" + signed, sig):
            raise _Fail("bad-signature")
        # Section 5 / 6
        doc = _parse_payload(payload)
        document, unrecognized = _check_document(doc)
        # Section 7
        if token is not None and not _tokens_match(token, document["token"]):
            return "token-mismatch", document, unrecognized
        if now_t < document["validFrom"]:
            return "not-yet-valid", document, unrecognized
        if "expiresAt" in document and now_t >= document["expiresAt"]:
            return "expired", document, unrecognized
        return "valid", document, unrecognized
    except _Fail as f:
        return f.status, None, []


def verify(data, trusted_keys, allow_development_keys, now, token):
    """The section 8 status of a license file."""
    return verify_detailed(data, trusted_keys, allow_development_keys, now, token)[0]
