# Sourced by test.sh. The Prometheus project's Python client (Debian python3-prometheus-client), whose exposition-format
# parser reads /metrics in HealthAndMetricsTests as a scraper would. Installed when missing and running as root;
# otherwise that test skips and says why.

prometheus_client_setup() {
  if /usr/bin/python3 -c 'import prometheus_client.parser' 2>/dev/null; then
    echo "test set-up (prometheus client): already installed"
    return 0
  fi
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "test set-up (prometheus client): python3-prometheus-client is missing and cannot be installed here; its /metrics test will skip"
    return 0
  fi
  echo "test set-up (prometheus client): installing Debian python3-prometheus-client"
  if ! { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-prometheus-client >/dev/null; }; then
    echo "test set-up (prometheus client): the install failed; its /metrics test will skip"
  fi
}
prometheus_client_setup
unset -f prometheus_client_setup
