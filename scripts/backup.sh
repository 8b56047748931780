#!/bin/sh
# Back up the whole PostgreSQL database named by DATABASE_URL into one compressed, restorable file.
# Usage: DATABASE_URL=postgres://... scripts/backup.sh [file]   (default: backups/quizsite-<UTC time>.dump)
# A consistent snapshot taken while the site runs; keep copies off the machine.
set -eu
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to back up}"
file="${1:-backups/quizsite-$(date -u +%Y%m%dT%H%M%SZ).dump}"
mkdir -p "$(dirname "$file")"
pg_dump --format=custom --compress=6 --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$file.partial"
mv "$file.partial" "$file"  # a file with the final name is always complete
echo "$file"
