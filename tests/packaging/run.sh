#!/usr/bin/env bash
# The release as an operator gets it (issue 16), from source tarball to purge:
#   1. `dist` makes the source tarball; it carries the built dashboard and trace viewer;
#   2. the tarball builds, with packaging/build-release.sh (the container's build
#      script), with no network and no Node.js: node, npm and npx are bind-mounted
#      over by a stub that records any call;
#   3. the .deb it makes has the right files, conffile and dependencies, and lintian
#      passes it (errors and warnings fail; our overrides carry their reasons);
#   4. it installs into a clean Debian 12 root (mmdebstrap, from the Debian mirror)
#      with nothing but its declared dependencies; the unit passes
#      `systemd-analyze verify`; the unit's own ExecStart, run as the unit's User in
#      that root, answers /healthz with the package's default config and data dir;
#   5. the Containerfile's run stage (its USER, ENV and CMD) serves in that root and
#      passes its HEALTHCHECK: no container engine runs here, and the root is what
#      that stage builds (the .deb installed on Debian 12 by apt);
#   6. purge keeps /var/lib/euriqa, unless EURIQA_PURGE_DATA=yes asks otherwise.
# Needs root (namespaces, chroot). Compiles through ccache so that the tarball's build
# reuses the objects of BUILD_DIR's; the downloaded .debs are cached in BUILD_DIR.
#   tests/packaging/run.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
if [ "$(id -u)" -ne 0 ]; then
  echo "tests/packaging: needs root (mmdebstrap, unshare, chroot); skipped"
  exit 77
fi
work=$build/packaging-test
cache=$build/packaging-cache/apt
# Never follow a mount out of the work dir (mmdebstrap mounts /dev and /proc into its
# root while it runs).
clean() { rm -rf --one-file-system "$work"; }
clean
mkdir -p "$work" "$cache"
root_pid=
trap '[ -z "$root_pid" ] || kill "$root_pid" 2>/dev/null || true' EXIT
started=$SECONDS
step() { echo "== [$((SECONDS - started))s] $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

# A clean Debian 12 root, made in the background while the tarball builds: the apt
# variant, like debian:12-slim, so that apt must bring everything the package's
# Depends name and a missing dependency shows when the binary starts. The .debs
# downloaded are kept in $cache for the next run; unsafe-io because the root is thrown
# away (it halves dpkg's time).
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | grep -oE 'https?://[^ ]+/debian/?$' | head -1 || true)
mirror=${mirror:-http://deb.debian.org/debian}
root=$work/root
mmdebstrap --variant=apt --dpkgopt=force-unsafe-io --skip=download/empty --skip=essential/unlink \
  --skip=cleanup/apt/lists \
  --setup-hook='mkdir -p "$1"/var/cache/apt/archives/' \
  --setup-hook="sync-in $cache /var/cache/apt/archives/" \
  --customize-hook="sync-out /var/cache/apt/archives $cache" \
  bookworm "$root" "deb $mirror bookworm main" > "$work/mmdebstrap.log" 2>&1 &
root_pid=$!

step "source tarball (cmake --build --target dist)"
tarball=$(cmake --build "$build" --target dist | grep -E '/euriqa-[0-9.]+\.tar\.gz$' | tail -1)
[ -f "$tarball" ] || fail "dist made no tarball"
listing=$(tar tzf "$tarball")
name=$(basename "$tarball" .tar.gz)
version=${name#euriqa-}
for f in prebuilt/dashboard/index.html prebuilt/trace-viewer/index.html prebuilt/playwright-reporter.tgz CMakeLists.txt \
         packaging/build-release.sh Containerfile web/package-lock.json; do
  grep -qx "$name/$f" <<<"$listing" || fail "the tarball lacks $f"
done
! grep -q '/node_modules/' <<<"$listing" || fail "the tarball carries node_modules"
tar xzf "$tarball" -C "$work"
tree=$work/$name

step "build from the tarball: no network, no Node.js"
stub=$work/no-node
marker=$work/node-was-called
printf '#!/bin/sh\necho "$0: Node.js is not available here" >&2\necho "$0 $*" >> %s\nexit 127\n' "$marker" > "$stub"
chmod +x "$stub"
hidden=()
for tool in node nodejs npm npx; do
  if p=$(command -v "$tool"); then hidden+=("$(readlink -f "$p")"); fi
done
path_without_node=$(tr ':' '\n' <<<"$PATH" | grep -v -i node | paste -sd:)
env PATH="$path_without_node" unshare --net --mount bash -euo pipefail -c '
  stub=$1 tree=$2; shift 2
  for target in "$@"; do mount --bind "$stub" "$target"; done
  if curl -s -m 3 -o /dev/null http://deb.debian.org/; then echo "the network is reachable" >&2; exit 1; fi
  EURIQA_WERROR=ON bash "$tree/packaging/build-release.sh" "$tree" "$tree/build"
' _ "$stub" "$tree" "${hidden[@]}" > "$work/build.log" 2>&1 ||
  { tail -40 "$work/build.log"; fail "the tarball did not build without network and Node.js"; }
[ ! -e "$marker" ] || fail "the build called Node.js: $(cat "$marker")"
grep -q "prebuilt dashboard" "$work/build.log" || fail "the build did not use prebuilt/"
deb=$tree/build/euriqa_${version}_amd64.deb
[ -f "$deb" ] || fail "no $(basename "$deb")"

step "the package's contents and metadata"
contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/euriqa ./etc/euriqa/euriqa.json ./lib/systemd/system/euriqa.service \
         ./usr/share/doc/euriqa/copyright ./usr/share/doc/euriqa/changelog.gz; do
  grep -qx "$f" <<<"$contents" || fail "the package lacks $f"
done
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libsqlite3-0 libsodium23 libcurl4 libssl3 adduser; do
  grep -q "\b$lib\b" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles | grep -qx /etc/euriqa/euriqa.json ||
  fail "/etc/euriqa/euriqa.json is not a conffile"
"$tree/build/euriqa" config check "$tree/packaging/debian/euriqa.json" > /dev/null ||
  fail "the packaged config does not pass euriqa config check"

step "lintian"
lintian --fail-on error,warning --display-info "$deb" || fail "lintian"

step "the Debian 12 root is ready"
wait "$root_pid" || { tail -30 "$work/mmdebstrap.log"; fail "mmdebstrap"; }
root_pid=
step "the package installed into it (apt resolves its Depends)"
cp "$deb" "$root/tmp/euriqa.deb"
cp "$cache"/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
chroot "$root" apt-get install -y -q --no-install-recommends /tmp/euriqa.deb > "$work/install.log" 2>&1 ||
  { tail -30 "$work/install.log"; fail "apt-get install euriqa.deb"; }
cp "$root"/var/cache/apt/archives/*.deb "$cache/" 2>/dev/null || true
[ -x "$root/usr/bin/euriqa" ] || fail "euriqa is not installed in the root"

step "the installed unit"
unit=$root/lib/systemd/system/euriqa.service
# systemd is not in the root (as in a container) and cannot run here: the unit is
# verified on this machine, with ExecStart pointing into the root. Unknown keys are
# only warnings to systemd-analyze, so any output fails the test too.
sed "s#^ExecStart=/#ExecStart=$root/#" "$unit" > "$work/euriqa.service"
verify=$(systemd-analyze verify "$work/euriqa.service" 2>&1) || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"
for want in StateDirectory=euriqa ProtectSystem=strict NoNewPrivileges=yes PrivateTmp=yes Restart=on-failure; do
  grep -qx "$want" "$unit" || fail "the unit lacks $want"
done
grep -q '^ExecReload=' "$unit" && fail "the unit has ExecReload but the server does not reload"
[ -L "$root/etc/systemd/system/multi-user.target.wants/euriqa.service" ] || fail "the unit is not enabled"
user=$(sed -n 's/^User=//p' "$unit")
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
uid=$(awk -F: -v u="$user" '$1 == u {print $3}' "$root/etc/passwd")
gid=$(awk -F: -v u="$user" '$1 == u {print $4}' "$root/etc/passwd")
[ -n "$uid" ] && [ "$uid" -ne 0 ] || fail "the unit's user $user is missing or root"
[ "$(stat -c '%u %a' "$root/var/lib/euriqa")" = "$uid 750" ] || fail "/var/lib/euriqa is not $user's, mode 750"

step "the unit's ExecStart as $user: /healthz answers"
# A network namespace of its own: the default config listens on 0.0.0.0:8080, which
# may be taken on this machine.
unshare --net bash -euo pipefail -c '
  root=$1 uid=$2 gid=$3 exec_start=$4 log=$5
  ip link set lo up
  # shellcheck disable=SC2086  # ExecStart is a command line: split it as systemd does
  chroot --userspec="$uid:$gid" --groups="$gid" "$root" $exec_start > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "^listening on" "$log" && break; sleep 0.1; done
  health=$(curl -fsS http://127.0.0.1:8080/healthz) || { cat "$log"; exit 1; }
  grep -q "\"status\":\"ok\"" <<<"$health" || { echo "healthz: $health"; exit 1; }
  echo "GET /healthz: $health"
  # The README way to make the first account, as the service user.
  printf "%s\n" "package-test-pw" | chroot --userspec="$uid:$gid" --groups="$gid" "$root" \
    euriqa user create --data /var/lib/euriqa --email admin@example.com --password-stdin >/dev/null
  curl -fsS -o /dev/null -H "Content-Type: application/json" \
    -d "{\"email\":\"admin@example.com\",\"password\":\"package-test-pw\"}" http://127.0.0.1:8080/api/auth/login
  kill -TERM "$pid"
  wait "$pid" || { echo "exit status $?"; cat "$log"; exit 1; }
' _ "$root" "$uid" "$gid" "$exec_start" "$work/serve.log" || fail "the installed server did not serve"
[ "$(stat -c %u "$root/var/lib/euriqa/euriqa.db")" = "$uid" ] || fail "euriqa.db is not $user's"

step "the Containerfile's run stage: its CMD, ENV and USER in the same root, its HEALTHCHECK"
# No container engine runs here; the root above is what the run stage makes (the .deb
# installed on Debian 12 by apt). What the image adds is its user, environment and
# command, and its health check: those are taken from the Containerfile and run here.
containerfile=$tree/Containerfile
grep -q 'bash /src/packaging/build-release.sh /src /build' "$containerfile" ||
  fail "the Containerfile does not build with packaging/build-release.sh"
grep -q '^FROM debian:12-slim' "$containerfile" || fail "the Containerfile does not run on debian:12-slim"
[ "$(grep -c '^VOLUME ' "$containerfile")" = 1 ] || fail "the Containerfile needs exactly one VOLUME"
image_user=$(sed -n 's/^USER //p' "$containerfile")
image_env=$(sed -n 's/^ENV //p' "$containerfile")
image_cmd=$(python3 -c 'import json, re, sys
text = open(sys.argv[1]).read()
words = lambda kind: json.loads(re.search(r"^" + kind + r" (\[.*\])$", text, re.M).group(1))
print(" ".join(words("ENTRYPOINT") + words("CMD")))' "$containerfile")
health_cmd=$(sed -n 's/^ *CMD \(curl .*\)/\1/p' "$containerfile")
grep -q '/healthz' <<<"$health_cmd" || fail "the HEALTHCHECK does not ask /healthz"
[ "$image_user" = "$user" ] || fail "the image runs as '$image_user', the package's user is '$user'"
unshare --net bash -euo pipefail -c '
  root=$1 uid=$2 gid=$3 cmd=$4 env_words=$5 health=$6 log=$7
  ip link set lo up
  # shellcheck disable=SC2086  # ENV and CMD are word lists
  # The environment of a debian image: its PATH, then the ENV lines.
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin $env_words \
    chroot --userspec="$uid:$gid" --groups="$gid" "$root" $cmd > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do grep -q "^listening on" "$log" && break; sleep 0.1; done
  bash -c "$health" >/dev/null || { cat "$log"; exit 1; }
  kill -TERM "$pid"
  wait "$pid" || { echo "exit status $?"; cat "$log"; exit 1; }
' _ "$root" "$uid" "$gid" "$image_cmd" "$image_env" "$health_cmd" "$work/image.log" ||
  fail "the image's command did not pass its health check"

step "purge keeps the data directory"
chroot "$root" apt-get purge -y -q euriqa > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "purge"; }
[ ! -e "$root/usr/bin/euriqa" ] && [ ! -e "$root/etc/euriqa/euriqa.json" ] || fail "purge left the package's files"
[ ! -e "$root/etc/systemd/system/multi-user.target.wants/euriqa.service" ] || fail "purge left the unit enabled"
[ -f "$root/var/lib/euriqa/euriqa.db" ] || fail "purge deleted the data directory without being asked"

step "purge with EURIQA_PURGE_DATA=yes deletes it"
chroot "$root" dpkg -i /tmp/euriqa.deb > "$work/reinstall.log" 2>&1 || { cat "$work/reinstall.log"; fail "reinstall"; }
[ -f "$root/var/lib/euriqa/euriqa.db" ] || fail "reinstalling lost the data directory"
EURIQA_PURGE_DATA=yes chroot "$root" dpkg --purge euriqa > "$work/purge2.log" 2>&1 || fail "second purge"
[ ! -e "$root/var/lib/euriqa" ] || fail "EURIQA_PURGE_DATA=yes kept /var/lib/euriqa"

step "done"
clean
