#!/usr/bin/env bash
# The system packages the test suite drives for real, checked before pytest starts.
#
# `make test` runs this first, so a fresh machine never gives a red run for a missing package:
# as root with apt-get, what is missing is installed (saying which and why); otherwise the run
# stops here, before any test, with the one command that installs it. When everything is there
# nothing is printed and apt is never called. OMIL_SIN_PAQUETES=1 skips the check: the tests
# that need a missing package are then skipped (under CI, OMIL_REQUIRE_SERVICES=1, they fail).
set -euo pipefail

if [ "${OMIL_SIN_PAQUETES:-}" = "1" ]; then
  echo "OMIL_SIN_PAQUETES=1: no se revisan los paquetes del sistema; las pruebas que necesiten" \
    "uno que falte se omiten."
  exit 0
fi

# Non-root shells often lack /usr/sbin in PATH, where Dovecot lives.
has() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

missing=()   # Debian packages to install
reasons=()   # one "package (why)" per missing package, for the messages
services=()  # system services those packages bring along, stopped after the install

need() {  # need PACKAGE WHY [EXTRA_PACKAGES...]: PACKAGE (and its extras) is missing
  local package=$1 why=$2
  shift 2
  missing+=("$package" "$@")
  reasons+=("$package ($why)")
}

# Same lookup as tests/e2e/conftest.py; a CHROMIUM_PATH pointing elsewhere is the user's own.
chromium=${CHROMIUM_PATH:-$(command -v chromium || echo /usr/bin/chromium)}
if [ ! -x "$chromium" ]; then
  if [ "$chromium" != /usr/bin/chromium ]; then
    echo "CHROMIUM_PATH=$chromium no es un ejecutable: corríjala o quítela para usar el Chromium" \
      "del sistema." >&2
    exit 1
  fi
  # Headless pages still need fonts to lay text out; without recommends none would come.
  need chromium "pruebas en navegador" fonts-liberation
fi
if ! has dovecot; then
  need dovecot-imapd "un servidor IMAP real para la bandeja de solicitudes"
  services+=(dovecot)
fi
has redis-server || need redis-server "las pruebas de fallas detienen y congelan un Redis propio"
if ! has caddy; then
  need caddy "el bloqueo de ingresos detrás del proxy de producción"
  services+=(caddy)
fi
has docker-compose || need docker-compose "validar docker-compose.yml"
# pg_dump/pg_restore only serve the backup tests, which run only against PostgreSQL.
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*)
    { has pg_dump && has pg_restore; } ||
      need postgresql-client "copias de seguridad y restauración con pg_dump y pg_restore"
    ;;
esac

[ ${#missing[@]} -eq 0 ] && exit 0

packages=${missing[*]}
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  list=$(printf '%s, ' "${reasons[@]}")
  echo "Faltan paquetes del sistema que usan las pruebas: ${list%, }." >&2
  if command -v apt-get >/dev/null 2>&1; then
    echo "Instálelos y repita make test: sudo apt-get install -y --no-install-recommends" \
      "$packages" >&2
  else
    echo "Instálelos con el gestor de paquetes del sistema (en Debian/Ubuntu: sudo apt-get" \
      "install -y --no-install-recommends $packages) y repita make test, o pruebe sin ellos con" \
      "OMIL_SIN_PAQUETES=1 make test." >&2
  fi
  exit 1
fi

for reason in "${reasons[@]}"; do
  echo "Instalando $reason…"
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Another process (unattended-upgrades, a parallel run) may hold the apt lock for a while.
apt=(apt-get -o DPkg::Lock::Timeout=300 -y -qq)
install() {
  # shellcheck disable=SC2086  # $packages is a list of package names
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends $packages \
    >>"$log" 2>&1
}
# The package lists are refreshed only when they turn out to be stale: usually they are not.
if ! install && ! { "${apt[@]}" update >>"$log" 2>&1 && install; }; then
  tail -n 20 "$log" >&2
  echo "No se pudo instalar: $packages. Revise la conexión o los repositorios y repita:" \
    "apt-get install -y --no-install-recommends $packages" >&2
  exit 1
fi

# Dovecot and Caddy come as system services listening on 143/993 and 80: nobody asked for
# those, and the tests start private ones on free ports from their own configuration.
for service in "${services[@]}"; do
  if [ -d /run/systemd/system ]; then
    systemctl disable --now --quiet "$service" >>"$log" 2>&1 || true
  elif [ -x "/etc/init.d/$service" ]; then
    service "$service" stop >>"$log" 2>&1 || true
    update-rc.d "$service" disable >>"$log" 2>&1 || true
  fi
done
echo "Paquetes instalados: $packages."
