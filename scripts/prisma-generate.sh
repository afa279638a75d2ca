#!/usr/bin/env sh
# `prisma generate` for one Prisma config. Generation does not use the schema engine, but the CLI insists on
# having one and would download it from a host these machines cannot reach (DESIGN §10): point it at any file.
set -e
: "${PRISMA_SCHEMA_ENGINE_BINARY:=$(readlink -f "$0")}"
export PRISMA_SCHEMA_ENGINE_BINARY PRISMA_HIDE_UPDATE_MESSAGE=1
exec prisma generate --config "$1"
