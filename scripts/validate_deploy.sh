#!/usr/bin/env bash
# Checks the deployment files as far as this machine allows (there is no Docker engine here):
# docker-compose parses and interpolates the stack, nginx -t accepts the configuration (with the
# compose service names pointed at localhost and a throwaway certificate), systemd-analyze reads
# the units. Usage: scripts/validate_deploy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if command -v docker-compose >/dev/null; then
    POSTGRES_PASSWORD=check PUBLIC_URL=https://athletiq.example.org JWT_SECRET=check ENCRYPTION_KEY=check \
        docker-compose -f docker-compose.prod.yml config --quiet
    echo "docker-compose.prod.yml: valid"
    if docker-compose -f docker-compose.prod.yml config --quiet 2>/dev/null; then
        echo "docker-compose.prod.yml accepted missing secrets"; exit 1
    fi
    echo "docker-compose.prod.yml: refuses to start without its secrets"
else
    echo "docker-compose not installed: compose file not checked"
fi

if command -v nginx >/dev/null; then
    mkdir -p "$WORK/conf.d" "$WORK/certs" "$WORK/logs"
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
        -keyout "$WORK/certs/privkey.pem" -out "$WORK/certs/fullchain.pem" >/dev/null 2>&1
    sed -e "s#app1:8080#127.0.0.1:8080#; s#app2:8080#127.0.0.1:8081#; s#/etc/nginx/certs#$WORK/certs#g; s#/etc/nginx/conf.d#$WORK/conf.d#g" \
        deploy/nginx.conf > "$WORK/conf.d/athletiq.conf"
    cp deploy/nginx-proxy.conf "$WORK/conf.d/nginx-proxy.conf.inc"
    cat > "$WORK/nginx.conf" <<CONF
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events {}
http { access_log off; include $WORK/conf.d/athletiq.conf; }
CONF
    nginx -t -q -c "$WORK/nginx.conf" -p "$WORK"
    echo "deploy/nginx.conf: valid"
else
    echo "nginx not installed: nginx.conf not checked"
fi

if command -v systemd-analyze >/dev/null; then
    for unit in deploy/*.service deploy/*.timer; do
        SYSTEMD_LOG_LEVEL=err systemd-analyze verify --man=no "$unit" 2>&1 | grep -v "Cannot add dependency\|Failed to load\|not found\|is not executable" || true
    done
    echo "systemd units: read"
fi
