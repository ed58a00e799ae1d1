# Sourced by test.sh. The real readers of ../shared/clients (W3C feed validator, feedparser, newsboat, rss-parser,
# feed-extractor, smtp-capture, eml-screenshot): installed through its setup-clients when the kit is beside the
# repository, then exported for the tests (FEEDAGG_CLIENTS, FEEDVALIDATOR_DIR, NODE_READERS_DIR). Without the kit,
# nothing is exported and the client tests skip, saying so. A re-run with nothing to install costs a second: a stamp
# in .test-clients/ remembers the setup-clients script it ran, and what it installed is checked before skipping.

clients_setup() {
  local repo kit started stamp want
  repo=$(pwd)
  kit="$repo/../shared/clients"
  if [ ! -x "$kit/setup-clients" ]; then
    echo "test set-up (clients): no ../shared/clients beside the repository; the real-client tests will skip"
    return 0
  fi
  kit=$(cd "$kit" && pwd)
  started=$(date +%s)
  # Inside the repository (ignored by .gitignore): one install per clone, never shared with another checkout.
  export NODE_READERS_DIR="$repo/.test-clients/node-readers"
  stamp="$repo/.test-clients/setup.stamp"
  want=$(sha256sum "$kit/setup-clients" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && command -v newsboat >/dev/null && command -v chromium >/dev/null \
     && /usr/bin/python3 -c 'import feedparser, html5lib, aiosmtpd' 2>/dev/null \
     && [ -d "$NODE_READERS_DIR/node_modules/rss-parser" ] && [ -d "$NODE_READERS_DIR/node_modules/@extractus/feed-extractor" ]; then
    echo "test set-up (clients): already installed ($(( $(date +%s) - started )) s)"
  else
    if [ "$(id -u)" -ne 0 ]; then
      echo "test set-up (clients): setup-clients needs root (apt-get); the real-client tests will skip"
      return 0
    fi
    mkdir -p "$repo/.test-clients"
    local log="$repo/.test-clients/setup.log"
    # setup-clients runs apt-get update itself before installing.
    if ! "$kit/setup-clients" >"$log" 2>&1; then
      echo "test set-up (clients): $(tail -n 1 "$log") (log: .test-clients/setup.log); the real-client tests will skip"
      unset NODE_READERS_DIR
      return 0
    fi
    echo "$want" > "$stamp"
    echo "test set-up (clients): $(tail -n 1 "$log") in $(( $(date +%s) - started )) s"
  fi
  export FEEDAGG_CLIENTS="$kit"
  export FEEDVALIDATOR_DIR="$kit/feedvalidator"
}
clients_setup
unset -f clients_setup
