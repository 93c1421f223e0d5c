#!/usr/bin/env bash
# Lay out an execution-environment build folder and create its build context with ansible-builder (offline).
#
#   tests/utils/ee_context.sh DEST TARBALL
#
# DEST gets meta/execution-environment.yml, requirements.txt and bindep.txt (ansible-builder reads a definition's
# files relative to the definition's folder, laid out here like the collection root) and TARBALL as
# cloudflare-cni.tar.gz; `ansible-builder create` then writes DEST/context (Containerfile and _build/).
# Build the image where a container engine runs: podman build -t cloudflare-cni-ee DEST/context
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 DEST TARBALL" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
dest=$1
tarball=$2
builder=${ANSIBLE_BUILDER:-ansible-builder}
case $builder in */*) builder=$(realpath "$builder") ;; esac
case $tarball in /*) ;; *) tarball=$PWD/$tarball ;; esac

rm -rf "$dest"
mkdir -p "$dest"
cp "$root/meta/execution-environment.yml" "$root/requirements.txt" "$root/bindep.txt" "$dest/"
cp "$tarball" "$dest/cloudflare-cni.tar.gz"
cd "$dest"
"$builder" create --file execution-environment.yml --context context --output-filename Containerfile
