#!/usr/bin/env bash
# Re-fetch the vendored echarts from the npm registry and check it.
# HTML reports inline this file so they work offline (council networks, e-mail).
# Usage: bash report/assets/echarts/fetch.sh         (verify only; exit 1 on mismatch)
#        bash report/assets/echarts/fetch.sh --write (replace the vendored files)
set -euo pipefail
version=5.4.3
# npm's recorded integrity of the tarball, and the SHA-256 of dist/echarts.min.js in it.
integrity='sha512-mYKxLxhzy6zyTi/FaEbJMOZU1ULGEQHaeIeuMR5L+JnJTpz+YR03mnnpBhbR4+UYJAgiXgpyTVLffPAjOTLkZA=='
min_sha256='1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19'

here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
curl -fsSL -o "$tmp/echarts.tgz" "https://registry.npmjs.org/echarts/-/echarts-$version.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tmp/echarts.tgz" | base64 -w0)"
[ "$got" = "$integrity" ] || { echo "echarts-$version.tgz: integrity $got, want $integrity" >&2; exit 1; }
tar -xzf "$tmp/echarts.tgz" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE package/licenses/LICENSE-d3
echo "$min_sha256  $tmp/package/dist/echarts.min.js" | sha256sum -c --quiet
if [ "${1:-}" = "--write" ]; then
  cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$tmp/package/licenses/LICENSE-d3" "$here/"
  echo "wrote echarts $version to $here"
else
  echo "$min_sha256  $here/echarts.min.js" | sha256sum -c --quiet
  echo "echarts $version: vendored copy matches the npm registry"
fi
