#!/usr/bin/env bash
# Makes the source tarball for air-gapped builds: every file of the source tree plus
# the dashboard, Playwright's trace viewer and the reporter's npm package already built
# (prebuilt/), so that
# building from it needs no Node.js and no network. Called by `cmake --build build
# --target dist`:
#   make-dist.sh SRC_DIR DASHBOARD_DIR TRACE_VIEWER_DIR VERSION OUT_DIR REPORTER_TGZ
# writes OUT_DIR/euriqa-VERSION.tar.gz. The archive is reproducible: sorted names,
# owner 0, the last commit's time on every file, gzip without a timestamp.
set -euo pipefail
src=$1 dashboard=$2 trace_viewer=$3 version=$4 out=$5 reporter=$6
name=euriqa-$version
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage=$work/$name
mkdir -p "$stage"

cd "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked and new files, as they are in the work tree; ignored ones (build dirs,
  # node_modules, data dirs) stay out.
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
  done > "$work/files"
  epoch=$(git log -1 --format=%ct)
else
  # An unpacked tarball has no git: take the tree, minus build output.
  find . -mindepth 1 \( -path './build*' -o -name node_modules -o -path './prebuilt' \) -prune -o \
    \( -type f -o -type l \) -printf '%P\0' > "$work/files"
  epoch=$(stat -c %Y CMakeLists.txt)
fi
tar --null -T "$work/files" -cf - | tar -xf - -C "$stage"

# The built web assets, where CMakeLists.txt looks for them.
[ -f "$dashboard/index.html" ] || { echo "make-dist.sh: no built dashboard in $dashboard" >&2; exit 1; }
[ -f "$trace_viewer/index.html" ] || { echo "make-dist.sh: no trace viewer in $trace_viewer" >&2; exit 1; }
mkdir -p "$stage/prebuilt"
cp -r "$dashboard" "$stage/prebuilt/dashboard"
cp -r "$trace_viewer" "$stage/prebuilt/trace-viewer"
[ -f "$reporter" ] || { echo "make-dist.sh: no reporter package at $reporter" >&2; exit 1; }
cp "$reporter" "$stage/prebuilt/playwright-reporter.tgz"

mkdir -p "$out"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$work" -cf - "$name" |
  gzip -9n > "$out/$name.tar.gz.partial"
mv "$out/$name.tar.gz.partial" "$out/$name.tar.gz"
echo "$out/$name.tar.gz"
