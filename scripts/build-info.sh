#!/bin/sh
# Writes BuildInfo.swift for the BuildInfo plugin: the compiler's exact version (`swiftc --version`)
# and the git commit of the checkout, or "unknown" when built outside a git checkout.
#   build-info.sh PACKAGE_DIR OUTPUT_FILE [SWIFTC]
set -u
package="$1"; out="$2"; swiftc="${3:-swiftc}"
PATH="${PATH:-/usr/local/bin:/usr/bin:/bin}"
compiler=$("$swiftc" --version 2>/dev/null | grep -m 1 "version" | sed 's/"/\\"/g')
[ -n "$compiler" ] || compiler="unknown"
commit=$(git -C "$package" rev-parse HEAD 2>/dev/null) || commit="unknown"
[ -n "$commit" ] || commit="unknown"
mkdir -p "$(dirname "$out")"
cat > "$out" <<SWIFT
// Generated at build time by scripts/build-info.sh (the BuildInfo plugin): do not edit.
/// The compiler that built this binary, as \`swiftc --version\` prints it.
let buildCompiler = "$compiler"
/// The git commit the binary was built from, or "unknown" outside a git checkout.
let buildCommit = "$commit"
SWIFT
