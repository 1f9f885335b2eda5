#!/usr/bin/env python3
"""Run the XCALLY license conformance corpus against xcally_license.py.

Usage: python3 run_corpus.py [path/to/license-verification.json]
"""

import base64
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xcally_license  # noqa: E402

DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                       "..", "..", "docs", "vectors", "license-verification.json")


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT
    with open(path, encoding="utf-8") as f:
        corpus = json.load(f)
    keys = {name: bytes.fromhex(k["publicKey"]) for name, k in corpus["keys"].items()}
    passed = failed = 0

    def fail(case_id, expected, got):
        nonlocal failed
        failed += 1
        print(f"{case_id}: expected {expected}, got {got}")

    for case in corpus["keyCases"]:
        try:
            raw = bytes.fromhex(case["publicKey"])
            got = "accepted" if xcally_license.import_public_key(raw) else "rejected"
        except Exception as e:  # noqa: BLE001
            got = f"exception {e!r}"
        if got == case["expected"]:
            passed += 1
        else:
            fail(case["id"], case["expected"], got)

    for case in corpus["cases"]:
        try:
            status, document, unrecognized = xcally_license.verify_detailed(
                base64.b64decode(case["input"]),
                [keys[n] for n in case["trustedKeys"]],
                case["allowDevelopmentKeys"], case["now"], case["token"])
        except Exception as e:  # noqa: BLE001
            fail(case["id"], case["expected"], f"exception {e!r}")
            continue
        if status != case["expected"]:
            fail(case["id"], case["expected"], status)
            continue
        if "serial" in case:
            got = document["serial"] if document else None
            if got != case["serial"]:
                fail(case["id"], f"serial {case['serial']}", f"serial {got}")
                continue
        if "unrecognized" in case:
            if sorted(unrecognized) != sorted(case["unrecognized"]):
                fail(case["id"], f"unrecognized {sorted(case['unrecognized'])}",
                     f"unrecognized {sorted(unrecognized)}")
                continue
        passed += 1

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
