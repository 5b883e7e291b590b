# Shared by bin/start and bin/test: installs what is missing, and nothing twice.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }

apt_updated=""
ensure_debian_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "Missing Debian packages: ${missing[*]}. Run as root, or: sudo apt-get install ${missing[*]}"
    return 1
  fi
  say "Installing Debian packages: ${missing[*]}"
  if [ -z "$apt_updated" ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Pango and HarfBuzz for WeasyPrint; Liberation (metric-compatible with Times New Roman, the font of
# Russian orders) and DejaVu fonts with Cyrillic.
RUNTIME_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 fonts-dejavu-core)

ensure_python() {
  local requirements="$1"
  local python="${PYTHON:-python3}"
  "$python" -c 'import sys; assert sys.version_info >= (3, 11), sys.version' \
    || { say "Python 3.11 or newer is needed"; return 1; }
  "$python" -c 'import ensurepip, venv' 2>/dev/null || ensure_debian_packages python3-venv
  [ -x "$PY" ] || { say "Creating $VENV"; "$python" -m venv "$VENV"; }
  # Reinstall only when the requirements change.
  local stamp="$VENV/.installed-$(cat requirements.txt "$requirements" | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    say "Installing Python packages from $requirements"
    "$PY" -m pip install -q --disable-pip-version-check --upgrade pip
    "$PY" -m pip install -q --disable-pip-version-check -r "$requirements"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}
