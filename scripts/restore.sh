#!/bin/sh
# Restore a file made by scripts/backup.sh into the (empty or existing) database named by DATABASE_URL.
# Usage: DATABASE_URL=postgres://... scripts/restore.sh file
# Existing tables are dropped first (--clean): stop the app servers, restore, then start them again.
set -eu
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database to restore into}"
file="${1:?give the backup file to restore}"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
    --dbname="$DATABASE_URL" "$file"
echo "restored $file"
