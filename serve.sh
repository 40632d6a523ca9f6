#!/usr/bin/env bash
# Installs what is missing, builds euriqa and starts `euriqa serve` with its
# defaults (http://127.0.0.1:8080, data in ./euriqa-data). Extra arguments go to serve.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash third_party/install.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target euriqa
exec ./build/euriqa serve "$@"
