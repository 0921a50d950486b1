#!/usr/bin/env bash
# Sets up a Debian or Ubuntu machine that has Node and npm, with no prompt:
# the Debian packages that the build and every test need, then `npm install`
# (builds the addon against the running Node's own headers) and the demo.
#
#   tools/setup.sh               packages, npm install, npm run demo
#   tools/setup.sh --packages    the Debian packages only (.ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

# The build: a C++17 compiler, python3 for node-gyp, moodycamel ConcurrentQueue.
# npm test: cmake, pkg-config, GoogleTest and libuv for the core suite.
# npm run test:sanitize: clang with its sanitizer runtimes, valgrind.
packages=(build-essential python3 libconcurrentqueue-dev
          cmake pkg-config libgtest-dev libuv1-dev
          clang libclang-rt-14-dev valgrind)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  echo "== apt-get install ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

[ "${1:-}" = "--packages" ] && exit 0

echo "== npm install (builds the addon)"
npm install --no-audit --no-fund
echo "== npm run demo"
npm run demo
