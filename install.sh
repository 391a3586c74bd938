#!/usr/bin/env bash
# Installs (or upgrades: run it again after `git pull`) Jiceng on Debian 12 with Node.js 20.
#
#   sudo ./install.sh --demo     system packages, npm ci, build, the jiceng user and service,
#                                the database with a demo health center, and start the server
#   ./install.sh                 as a normal user: build and run from this checkout (./data)
#
# Idempotent: every step checks what is there first. Run ./install.sh --help for the options.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

NODE_MIN_MAJOR=20
NODE_MIN_MINOR=19
SERVICE_USER=jiceng
SYS_DATA_DIR=/var/lib/jiceng
ENV_DIR=/etc/jiceng
ENV_FILE=$ENV_DIR/jiceng.env
UNIT_DIR=/etc/systemd/system
RUNTIME_PACKAGES=(build-essential python3 pkg-config pcscd libccid libpcsclite-dev fonts-noto-cjk sqlite3 acl espeak-ng cups-client)
DEV_PACKAGES=(chromium vsmartcard-vpcd pcsc-tools shellcheck)

DEMO=0
NO_START=0
PRODUCTION=0
DRY_RUN=0

usage() {
  cat <<'EOF'
Usage: ./install.sh [options]        (as root: sudo ./install.sh [options])

Installs or upgrades Jiceng from this checkout. Safe to run again: re-running upgrades
(after `git pull`) and keeps the data.

Options:
  --demo         also seed the demo health center (青山镇卫生院: departments, ~30 staff,
                 a sign-in for every role) and print the demo sign-ins, and run the
                 insurer simulator beside the server (service jiceng-insurer on
                 127.0.0.1:8091, where the demo center's 接口设置 points)
  --no-start     do not start (or restart) the server at the end
  --production   skip the development and test tools (Chromium, virtual card reader,
                 pcsc-tools, shellcheck) and remove npm dev dependencies after
                 the build (`npm test` will not run on such an install)
  --dry-run      print the steps that would run, change nothing
  -h, --help     this text

As root it installs the Debian packages, creates the system user "jiceng", the data
directory /var/lib/jiceng (mode 0750), /etc/jiceng/jiceng.env (settings, created once),
the systemd units jiceng.service and jiceng-backup.timer, and starts the service with
systemd; where systemd is not running (a container) it starts the server with pm2.
As a normal user it skips the system steps and keeps the data in ./data.
At the end it prints the address and, when the first administrator was just created,
its one-time password.
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --demo) DEMO=1 ;;
    --no-start) NO_START=1 ;;
    --production) PRODUCTION=1 ;;
    --dry-run) DRY_RUN=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "install.sh: unknown option \"$1\" (see ./install.sh --help)" >&2; exit 64 ;;
  esac
  shift
done

say() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\ninstall.sh: %s\n' "$*" >&2; exit 1; }

# Runs a command that changes something; with --dry-run only prints it.
run() {
  if [ "$DRY_RUN" = 1 ]; then
    printf '    [dry-run] %s\n' "$*"
  else
    printf '    + %s\n' "$*"
    "$@"
  fi
}

IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1
SYSTEMD=0
[ -d /run/systemd/system ] && SYSTEMD=1

# ---------------------------------------------------------------------------------------
say "Checking the system"
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  . /etc/os-release
else
  die "cannot read /etc/os-release: Jiceng installs on Debian 12 (bookworm)."
fi
case "${ID:-}:${ID_LIKE:-}" in
  debian:*) [ "${VERSION_ID:-}" = 12 ] || note "warning: this is Debian ${VERSION_ID:-?}; Jiceng is tested on Debian 12." ;;
  *:*debian*) note "warning: ${PRETTY_NAME:-this system} is Debian-like, not Debian 12, on which Jiceng is tested." ;;
  *) die "this is ${PRETTY_NAME:-an unknown system}. Jiceng installs on Debian 12 (bookworm)." ;;
esac
note "system: ${PRETTY_NAME:-Debian}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  die "Node.js ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer (with npm) is needed and was not found.
  Debian 12's own nodejs package is too old (18); install Node.js 20 LTS (for example from
  NodeSource's Debian packages) and run this again."
fi
NODE_VERSION="$(node -p 'process.versions.node')"
NODE_MAJOR="${NODE_VERSION%%.*}"
NODE_REST="${NODE_VERSION#*.}"
NODE_MINOR="${NODE_REST%%.*}"
if [ "$NODE_MAJOR" -lt "$NODE_MIN_MAJOR" ] || { [ "$NODE_MAJOR" -eq "$NODE_MIN_MAJOR" ] && [ "$NODE_MINOR" -lt "$NODE_MIN_MINOR" ]; }; then
  die "Node.js ${NODE_VERSION} is too old: Jiceng needs ${NODE_MIN_MAJOR}.${NODE_MIN_MINOR} or newer (Node.js 20 LTS). Upgrade Node.js and run this again."
fi
[ "$NODE_MAJOR" -ge 23 ] && note "warning: Node.js ${NODE_VERSION} is newer than Jiceng is tested on (20 LTS)."
NODE_BIN="$(command -v node)"
note "node: ${NODE_VERSION} (${NODE_BIN}); npm: $(npm -v)"
if [ "$IS_ROOT" = 1 ]; then
  note "running as root"
else
  note "running as $(id -un): system steps (packages, user, service) are skipped"
fi
[ "$DRY_RUN" = 1 ] && note "dry run: nothing will be changed"

# The owner of the checkout builds it, so that `npm test` works for them afterwards even
# when this script runs through sudo.
OWNER="$(stat -c %U "$ROOT")"
as_owner() {
  if [ "$IS_ROOT" = 1 ] && [ "$OWNER" != root ] && [ "$OWNER" != UNKNOWN ]; then
    run runuser -u "$OWNER" -- "$@"
  else
    run "$@"
  fi
}

# ---------------------------------------------------------------------------------------
say "System packages"
PACKAGES=("${RUNTIME_PACKAGES[@]}")
[ "$PRODUCTION" = 1 ] || PACKAGES+=("${DEV_PACKAGES[@]}")
MISSING=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || MISSING+=("$p")
done
if [ "${#MISSING[@]}" -eq 0 ]; then
  note "all present: ${PACKAGES[*]}"
elif [ "$IS_ROOT" = 1 ]; then
  run env DEBIAN_FRONTEND=noninteractive apt-get update
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${PACKAGES[@]}"
else
  note "warning: missing Debian packages: ${MISSING[*]}"
  note "install them with: sudo apt-get update && sudo apt-get install -y ${MISSING[*]}"
fi

# ---------------------------------------------------------------------------------------
say "Node packages and build"
as_owner npm ci --no-audit --no-fund
as_owner npm run build
if [ "$PRODUCTION" = 1 ]; then
  as_owner npm prune --omit=dev --no-audit --no-fund
fi

# ---------------------------------------------------------------------------------------
write_env_file() {
  cat <<'EOF'
# Jiceng settings (environment variables). Created once by install.sh; your edits are kept.
# Uncomment a line to change it, then: sudo systemctl restart jiceng
# Every variable is described in README.md ("Configuration").
#PORT=8080
#HOST=0.0.0.0
#DATA_DIR=/var/lib/jiceng
#LOG_LEVEL=info
#SESSION_IDLE_MINUTES=30
#SESSION_MAX_HOURS=12
#LOGIN_MAX_FAILURES=5
#LOGIN_LOCK_MINUTES=15
#EVENT_RETENTION_HOURS=48
#BACKUP_KEEP=10
#COOKIE_SECURE=false
#TRUST_PROXY=false
#CLIENT_DIR=
#DEMO=false
# The insurer simulator of a demo install (service jiceng-insurer):
#INSURER_PORT=8091
#INSURER_DATA=/var/lib/jiceng/insurer.sqlite
EOF
}

# Installs a unit from systemd/ with the checkout and node paths filled in.
install_unit() {
  local name="$1"
  if [ "$DRY_RUN" = 1 ]; then
    printf '    [dry-run] install systemd/%s -> %s/%s\n' "$name" "$UNIT_DIR" "$name"
    return
  fi
  sed -e "s|@ROOT@|$ROOT|g" -e "s|@NODE@|$NODE_BIN|g" "systemd/$name" >"$UNIT_DIR/$name.tmp"
  chmod 0644 "$UNIT_DIR/$name.tmp"
  mv "$UNIT_DIR/$name.tmp" "$UNIT_DIR/$name"
  printf '    + installed %s/%s\n' "$UNIT_DIR" "$name"
}

# The service user must be able to read the checkout (it runs from there). A checkout under a
# home directory of mode 0700 is not readable: grant the jiceng user just enough with ACLs.
grant_checkout_access() {
  if runuser -u "$SERVICE_USER" -- test -r "$ROOT/dist/server/main.js" 2>/dev/null &&
    runuser -u "$SERVICE_USER" -- test -r "$ROOT/node_modules/better-sqlite3/package.json" 2>/dev/null; then
    note "the $SERVICE_USER user can read $ROOT"
    return
  fi
  note "the $SERVICE_USER user cannot read $ROOT: granting read access with ACLs"
  local dir="$ROOT"
  while [ "$dir" != / ]; do
    dir="$(dirname "$dir")"
    runuser -u "$SERVICE_USER" -- test -x "$dir" 2>/dev/null || run setfacl -m "u:$SERVICE_USER:x" "$dir"
  done
  run setfacl -R -m "u:$SERVICE_USER:rX" "$ROOT"
}

DATA_DIR_USED="${DATA_DIR:-$ROOT/data}"
PM2_HOME_USED="${PM2_HOME:-$HOME/.pm2}"
RUN_AS=()
if [ "$IS_ROOT" = 1 ]; then
  say "System user, data directory, settings and service"
  DATA_DIR_USED=$SYS_DATA_DIR
  PM2_HOME_USED=$SYS_DATA_DIR/.pm2
  if id "$SERVICE_USER" >/dev/null 2>&1; then
    note "user $SERVICE_USER exists"
  else
    run useradd --system --home-dir "$SYS_DATA_DIR" --no-create-home --shell /usr/sbin/nologin --user-group "$SERVICE_USER"
  fi
  # USB receipt printers (/dev/usb/lp0) belong to group lp.
  if getent group lp >/dev/null 2>&1; then run usermod -a -G lp "$SERVICE_USER"; fi
  run install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$SYS_DATA_DIR"
  run install -d -m 0755 "$ENV_DIR"
  if [ -e "$ENV_FILE" ]; then
    note "$ENV_FILE exists (kept as it is)"
  elif [ "$DRY_RUN" = 1 ]; then
    printf '    [dry-run] create %s with commented defaults\n' "$ENV_FILE"
  else
    write_env_file >"$ENV_FILE"
    chown "root:$SERVICE_USER" "$ENV_FILE"
    chmod 0640 "$ENV_FILE"
    printf '    + created %s\n' "$ENV_FILE"
  fi
  # A DATA_DIR set in the settings file wins over the default, as it does for systemd.
  if [ -r "$ENV_FILE" ]; then
    FILE_DATA_DIR="$(sed -n 's/^[[:space:]]*DATA_DIR=//p' "$ENV_FILE" | tail -n 1)"
    if [ -n "$FILE_DATA_DIR" ]; then
      DATA_DIR_USED="$FILE_DATA_DIR"
      run install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA_DIR_USED"
    fi
  fi
  if [ "$DRY_RUN" = 1 ]; then
    note "[dry-run] check that the $SERVICE_USER user can read $ROOT (ACLs if not)"
  else
    grant_checkout_access
  fi
  if [ -d "$UNIT_DIR" ] || [ "$SYSTEMD" = 1 ]; then
    run install -d -m 0755 "$UNIT_DIR"
    install_unit jiceng.service
    install_unit jiceng-backup.service
    install_unit jiceng-backup.timer
    install_unit jiceng-insurer.service
  fi
  RUN_AS=(runuser -u "$SERVICE_USER" --)
fi

# Settings for the CLI and pm2: the settings file (as root), then the defaults.
ENV_VARS=(DATA_DIR="$DATA_DIR_USED" PM2_HOME="$PM2_HOME_USED")
if [ "$IS_ROOT" = 1 ]; then
  ENV_VARS+=(HOME="$SYS_DATA_DIR")
  if [ -r "$ENV_FILE" ]; then
    while IFS= read -r line; do
      case "$line" in '' | '#'*) continue ;; *=*) ENV_VARS+=("$line") ;; esac
    done <"$ENV_FILE"
  fi
fi
PM2=("$ROOT/node_modules/.bin/pm2")

# The insurer simulator (issue 11): a second service for a demo install (--demo), kept on later
# runs over such an install; a real center talks to the real platform and never runs it.
INSURER=0
[ "$DEMO" = 1 ] && INSURER=1
INSURER_PORT_USED="${INSURER_PORT:-8091}"
for v in "${ENV_VARS[@]}"; do
  case "$v" in INSURER_PORT=*) INSURER_PORT_USED="${v#INSURER_PORT=}" ;; esac
done

pm2_daemon_running() {
  [ -r "$PM2_HOME_USED/pm2.pid" ] && kill -0 "$(cat "$PM2_HOME_USED/pm2.pid")" 2>/dev/null
}

# ---------------------------------------------------------------------------------------
say "Database"
WAS_RUNNING=0
if [ "$IS_ROOT" = 1 ] && [ "$SYSTEMD" = 1 ] && systemctl is-active --quiet jiceng.service; then
  WAS_RUNNING=1
  note "jiceng.service is running: stopping it while the database is migrated"
  run systemctl stop jiceng.service
elif [ "$SYSTEMD" = 0 ] || [ "$IS_ROOT" = 0 ]; then
  if pm2_daemon_running && "${RUN_AS[@]}" env "${ENV_VARS[@]}" "${PM2[@]}" pid jiceng 2>/dev/null | grep -q '^[1-9]'; then
    WAS_RUNNING=1
    note "jiceng is running under pm2: stopping it while the database is migrated"
    run "${RUN_AS[@]}" env "${ENV_VARS[@]}" "${PM2[@]}" stop jiceng
  fi
fi

# The demo seed asks the insurer (its catalogs): the simulator starts first (at most 15 s).
if [ "$INSURER" = 1 ] && [ "$NO_START" = 0 ]; then
  if [ "$IS_ROOT" = 1 ] && [ "$SYSTEMD" = 1 ]; then
    run systemctl daemon-reload
    run systemctl restart jiceng-insurer.service
  else
    run "${RUN_AS[@]}" env "${ENV_VARS[@]}" INSURER_SIMULATOR=1 "${PM2[@]}" startOrRestart \
      "$ROOT/ecosystem.config.cjs" --only jiceng-insurer --update-env
  fi
  if [ "$DRY_RUN" = 0 ]; then
    "$NODE_BIN" -e '
      const until = Date.now() + 15000;
      (async () => {
        while (Date.now() < until) {
          try { await fetch(process.argv[1], { method: "POST", body: "{}" }); process.exit(0); } catch {}
          await new Promise((r) => setTimeout(r, 300));
        }
        process.exit(1);
      })();' "http://127.0.0.1:${INSURER_PORT_USED}/fsi/api" || note "warning: the insurer simulator did not answer yet"
  fi
fi

INIT_ARGS=(init)
[ "$DEMO" = 1 ] && INIT_ARGS+=(--demo)
INIT_LOG="$(mktemp)"
trap 'rm -f "$INIT_LOG"' EXIT
if [ "$DRY_RUN" = 1 ]; then
  run "${RUN_AS[@]}" env "${ENV_VARS[@]}" "$NODE_BIN" dist/server/cli.js "${INIT_ARGS[@]}"
else
  printf '    + %s\n' "node dist/server/cli.js ${INIT_ARGS[*]} (DATA_DIR=$DATA_DIR_USED)"
  if ! "${RUN_AS[@]}" env "${ENV_VARS[@]}" "$NODE_BIN" dist/server/cli.js "${INIT_ARGS[@]}" >"$INIT_LOG" 2>&1; then
    sed 's/^/    /' "$INIT_LOG" >&2
    die "preparing the database failed (above). Nothing was started; the database is as it was."
  fi
  sed 's/^/    /' "$INIT_LOG"
fi

# ---------------------------------------------------------------------------------------
say "Service"
STARTED=0
if [ "$IS_ROOT" = 1 ] && [ "$SYSTEMD" = 1 ]; then
  run systemctl daemon-reload
  run systemctl enable jiceng.service
  run systemctl enable --now jiceng-backup.timer
  if [ "$INSURER" = 1 ] || systemctl is-enabled --quiet jiceng-insurer.service 2>/dev/null; then
    INSURER=1
    run systemctl enable jiceng-insurer.service
  fi
  if [ "$NO_START" = 0 ] || [ "$WAS_RUNNING" = 1 ]; then
    run systemctl restart jiceng.service
    [ "$INSURER" = 1 ] && run systemctl restart jiceng-insurer.service
    STARTED=1
  else
    note "--no-start: start it with: sudo systemctl start jiceng"
  fi
elif [ "$NO_START" = 0 ] || [ "$WAS_RUNNING" = 1 ]; then
  [ "$IS_ROOT" = 1 ] && note "systemd is not running here: starting the server with pm2 as $SERVICE_USER"
  if [ "$INSURER" = 0 ] && pm2_daemon_running &&
    "${RUN_AS[@]}" env "${ENV_VARS[@]}" "${PM2[@]}" pid jiceng-insurer 2>/dev/null | grep -q '^[1-9]'; then
    INSURER=1
  fi
  # INSURER_SIMULATOR=1 adds the jiceng-insurer app of ecosystem.config.cjs.
  [ "$INSURER" = 1 ] && ENV_VARS+=(INSURER_SIMULATOR=1)
  run "${RUN_AS[@]}" env "${ENV_VARS[@]}" "${PM2[@]}" startOrRestart "$ROOT/ecosystem.config.cjs" --update-env
  STARTED=1
else
  note "--no-start: start it with: npx pm2 start ecosystem.config.cjs (or npm start)"
fi

PORT_USED="${PORT:-8080}"
for v in "${ENV_VARS[@]}"; do
  case "$v" in PORT=*) PORT_USED="${v#PORT=}" ;; esac
done
ADDRESS_IP="$(hostname -I 2>/dev/null | awk '{print $1}')"
ADDRESS="http://${ADDRESS_IP:-127.0.0.1}:${PORT_USED}"

if [ "$STARTED" = 1 ] && [ "$DRY_RUN" = 0 ]; then
  # Wait (at most 30 s) for /api/health to answer.
  if "$NODE_BIN" -e '
    const url = process.argv[1];
    const until = Date.now() + 30000;
    (async () => {
      while (Date.now() < until) {
        try { const r = await fetch(url); if (r.ok) process.exit(0); } catch {}
        await new Promise((r) => setTimeout(r, 500));
      }
      process.exit(1);
    })();' "http://127.0.0.1:${PORT_USED}/api/health"; then
    note "the server answers at http://127.0.0.1:${PORT_USED}/api/health"
  else
    note "warning: the server did not answer within 30 s; see the logs:"
    if [ "$IS_ROOT" = 1 ] && [ "$SYSTEMD" = 1 ]; then note "  journalctl -u jiceng -n 50"; else note "  npx pm2 logs jiceng"; fi
  fi
fi

# ---------------------------------------------------------------------------------------
say "Done"
note "Jiceng: ${ADDRESS}"
note "data directory: ${DATA_DIR_USED}"
if [ "$INSURER" = 1 ]; then
  note "insurer simulator: http://127.0.0.1:${INSURER_PORT_USED}/fsi/api (the demo center's 接口设置)"
fi
if [ -s "$INIT_LOG" ]; then
  ADMIN_PASSWORD="$(sed -n 's/^ *One-time password: //p' "$INIT_LOG" | head -n 1)"
  if [ -n "$ADMIN_PASSWORD" ]; then
    note "administrator: admin   one-time password: ${ADMIN_PASSWORD}"
    note "(shown once; it must be changed at the first sign-in)"
  fi
  DEMO_LINE="$(grep -m 1 '^Demo sign-ins' "$INIT_LOG" || true)"
  [ -n "$DEMO_LINE" ] && note "$DEMO_LINE (usernames listed above)"
fi
exit 0
