#!/usr/bin/env bash
# Installs, from Debian's packages, what the browser walk needs and a fresh
# machine lacks: Chromium (driven by playwright-core, no browser download),
# CJK fonts so that the screenshots show Chinese, and curl for the readiness
# probe. Does nothing when all are there.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v curl >/dev/null || need+=(curl)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]} for the browser walk"
sudo=()
[ "$(id -u)" = 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
