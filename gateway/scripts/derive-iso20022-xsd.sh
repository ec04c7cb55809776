#!/usr/bin/env bash
# Regenerates gateway/src/standards/iso20022/xsd/*.xsd from PyPI python-iso20022 0.3.0
# (see derive-iso20022-xsd.py for why and how). Installs it into a throwaway directory.
#   npm run iso20022:xsd
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$tmp" python-iso20022==0.3.0
PYTHONPATH="$tmp" python3 "$here/derive-iso20022-xsd.py"
