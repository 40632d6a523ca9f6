#!/usr/bin/env python3
"""Build-time tool: converts the OpenAPI document (docs/openapi.yaml) to the compact JSON
that the binary embeds and serves at /api/openapi.json. Called by CMake.

    yaml_to_json.py IN.yaml OUT.json

YAML is for people; the served form is JSON because that is what clients of
/api/openapi.json expect. The output is written only when it changes, so an unchanged
document rebuilds nothing. Needs Debian's python3-yaml."""
import json
import os
import sys

import yaml


def main() -> int:
    if len(sys.argv) != 3:
        print("usage: yaml_to_json.py IN.yaml OUT.json", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        # safe_load: the document is data; a tag that would build an object is an error.
        doc = yaml.safe_load(f)
    # Status codes written as bare numbers are YAML integers; JSON object keys are strings
    # either way. A date-like scalar would become a datetime and fail here, loudly.
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    out = sys.argv[2]
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    if os.path.exists(out):
        with open(out, encoding="utf-8") as f:
            if f.read() == text:
                return 0
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
