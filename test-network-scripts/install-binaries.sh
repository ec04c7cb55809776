#!/usr/bin/env bash
# Installs the pinned Hyperledger Fabric and Fabric CA binaries from the Go
# module proxy into a cache outside the clone, keyed by version, so fresh
# clones and CI reuse them. Idempotent: a complete cache entry is left alone.
#
#   BOND_BIN_CACHE   cache root (default ~/.cache/bond-platform)
#   FABRIC_VERSION   3.1.1 (default; falls back to 2.5.9 when it cannot be built) or 2.5.9:
#                    the newest releases of each line that the Go module proxy serves
#                    (README "Fabric version").
#
# Progress goes to stderr; `--print-dirs` prints the two install directories
# (Fabric, then CA; each with bin/, Fabric's also with config/) on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Fabric's module path has no /v3 suffix, so a release is pinned by its commit's pseudo-version.
declare -A FABRIC_PSEUDO_VERSION=(
  [3.1.1]=v1.4.0-rc1.0.20250510200036-435a7f1a780a
  [2.5.9]=v1.4.0-rc1.0.20240618194258-7c3876255bf0
)
FABRIC_DEFAULT_VERSION=3.1.1
FABRIC_FALLBACK_VERSION=2.5.9
FABRIC_TOOLS=(peer orderer configtxgen configtxlator osnadmin cryptogen)
FABRIC_CA_VERSION=1.5.21
CA_TOOLS=(fabric-ca-server fabric-ca-client)

# Builds Go commands pinned to one module version inside a throw-away module,
# one at a time with its progress on stderr, into $out/bin, and copies the
# module's sampleconfig (if any) to $out/config. $ldflags stamps the release
# into the binaries as Fabric's Makefile does, so `peer version` names it.
# (`go install pkg@version` cannot be used: it also asks the proxy for the
# module's version list to look for deprecations, which this proxy refuses.)
go_build_pinned() {
  local module=$1 version=$2 out=$3 log=$4 ldflags=$5
  shift 5
  local work pins=() cmd started=$SECONDS
  work=$(mktemp -d)
  for cmd in "$@"; do pins+=("$module/cmd/$cmd@$version"); done
  rm -rf "$out.partial" && mkdir -p "$out.partial/bin"
  : >"$log"
  # Each step is checked explicitly: errexit does not apply inside a `||` list.
  progress "  downloading $module@$version and its dependencies" "$started"
  if ! (cd "$work" && printf 'module pinnedbuild\n\ngo 1.20\n' >go.mod && GOFLAGS=-mod=mod go get "${pins[@]}") >>"$log" 2>&1; then
    rm -rf "$work" "$out.partial"
    return 1
  fi
  for cmd in "$@"; do
    progress "  building $cmd" "$started"
    if ! (cd "$work" && CGO_ENABLED=1 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" \
      -o "$out.partial/bin/$cmd" "$module/cmd/$cmd") >>"$log" 2>&1; then
      rm -rf "$work" "$out.partial"
      return 1
    fi
  done
  if ! copy_sampleconfig "$(cd "$work" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' "$module")" "$out.partial/config" >>"$log" 2>&1; then
    rm -rf "$work" "$out.partial"
    return 1
  fi
  progress "  built $# binaries" "$started"
  rm -rf "$work" "$out"
  mv "$out.partial" "$out"
}

# progress MESSAGE START: MESSAGE with the seconds elapsed since START.
progress() {
  info "$1 ($((SECONDS - $2)) s elapsed)"
}

# verify_version BINARY RELEASE: the binary's `version` output names RELEASE.
verify_version() {
  local output
  output=$("$1" version 2>&1) || true
  grep -Eq "Version: v?$2\b" <<<"$output" || {
    warn "$1 version does not name release $2: $(head -n 3 <<<"$output" | paste -sd ' ' -)"
    return 1
  }
}

# Fabric's sample core.yaml / orderer.yaml, the base the network's config overrides (none for Fabric CA).
copy_sampleconfig() {
  local src=$1 dest=$2
  [[ -d "$src/sampleconfig" ]] || return 0
  mkdir -p "$dest" && cp "$src"/sampleconfig/*.yaml "$dest/" && chmod u+w "$dest"/*.yaml
}

have_all() {
  local dir=$1
  shift
  for tool in "$@"; do [[ -x "$dir/$tool" ]] || return 1; done
}

# The first "go: …" line that says why a build failed, e.g. the proxy's refusal.
build_failure_reason() {
  local reason
  reason=$(grep -m2 -E '^go: |server response' "$1" | sed 's/^[[:space:]]*//' | paste -sd ' ' -)
  if [[ -n "$reason" ]]; then echo "$reason"; else tail -n 1 "$1"; fi
}

install_fabric() {
  local version=$1 dir="$BOND_BIN_CACHE/fabric-$1"
  if have_all "$dir/bin" "${FABRIC_TOOLS[@]}" && [[ -f "$dir/config/core.yaml" ]] &&
    verify_version "$dir/bin/peer" "$version" 2>/dev/null; then
    echo "$dir"
    return 0
  fi
  local pseudo=${FABRIC_PSEUDO_VERSION[$version]:-}
  [[ -n "$pseudo" ]] || die "unknown FABRIC_VERSION '$version' (pinned: ${!FABRIC_PSEUDO_VERSION[*]})"
  local log="$BOND_BIN_CACHE/fabric-$version.build.log"
  local metadata=github.com/hyperledger/fabric/common/metadata
  info "building Fabric $version (github.com/hyperledger/fabric@$pseudo): ${FABRIC_TOOLS[*]}; a cold build takes about 10 minutes on 2 cores"
  if go_build_pinned github.com/hyperledger/fabric "$pseudo" "$dir" "$log" \
    "-X $metadata.Version=v$version -X $metadata.CommitSHA=${pseudo##*-}" "${FABRIC_TOOLS[@]}" &&
    have_all "$dir/bin" "${FABRIC_TOOLS[@]}" && [[ -f "$dir/config/core.yaml" ]] &&
    verify_version "$dir/bin/peer" "$version" && verify_version "$dir/bin/orderer" "$version"; then
    echo "$dir"
    return 0
  fi
  warn "Fabric $version could not be built: $(build_failure_reason "$log") (full log: $log)"
  return 1
}

install_fabric_ca() {
  local dir="$BOND_BIN_CACHE/fabric-ca-$FABRIC_CA_VERSION"
  if ! have_all "$dir/bin" "${CA_TOOLS[@]}"; then
    local log="$BOND_BIN_CACHE/fabric-ca-$FABRIC_CA_VERSION.build.log"
    info "building Fabric CA $FABRIC_CA_VERSION (cgo)"
    { go_build_pinned github.com/hyperledger/fabric-ca "v$FABRIC_CA_VERSION" "$dir" "$log" \
      "-X github.com/hyperledger/fabric-ca/lib/metadata.Version=$FABRIC_CA_VERSION" "${CA_TOOLS[@]}" &&
      have_all "$dir/bin" "${CA_TOOLS[@]}"; } ||
      die "Fabric CA $FABRIC_CA_VERSION could not be built: $(build_failure_reason "$log") (full log: $log)"
  fi
  echo "$dir"
}

main() {
  if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    script_usage "${BASH_SOURCE[0]}"
    return 0
  fi
  command -v go >/dev/null 2>&1 || die "the Go toolchain is required to build Fabric's binaries (go not found on PATH)"
  command -v gcc >/dev/null 2>&1 || die "a C compiler is required to build Fabric CA (cgo); install gcc"
  mkdir -p "$BOND_BIN_CACHE"

  local ca_dir fabric_dir=''
  ca_dir=$(install_fabric_ca)
  if [[ -n "${FABRIC_VERSION:-}" ]]; then
    fabric_dir=$(install_fabric "$FABRIC_VERSION") || true
  else
    fabric_dir=$(install_fabric "$FABRIC_DEFAULT_VERSION") ||
      fabric_dir=$(install_fabric "$FABRIC_FALLBACK_VERSION") || true
  fi
  [[ -n "$fabric_dir" ]] || die "no pinned Fabric release could be installed from the Go module proxy (see above; README \"Fabric version\")"

  if [[ "${1:-}" == --print-dirs ]]; then
    printf '%s\n%s\n' "$fabric_dir" "$ca_dir"
  else
    info "Fabric: $fabric_dir"
    info "Fabric CA: $ca_dir"
  fi
}

main "$@"
