#!/usr/bin/env bash
# Load benchmark of the meeting page.
#
# Serves the demo with the release build and measures GET /meetings/cfm-2018-06-almaty (anonymous: the public
# page) with wrk from a second process; in the same run, nginx serves the very same bytes as a static file as the
# reference. The two are measured in turn, A/B/A/B, for ROUNDS rounds each; the medians and their ratio
# (Secretariat / nginx) are printed and written to bench/results/meeting-page-<date>.txt.
#
#   bash bench/meeting-page.sh                       # 5 rounds of 10 s each, 16 connections, 1 wrk thread
#   ROUNDS=3 DURATION=5s bash bench/meeting-page.sh  # quicker, noisier
#   AS=officer bash bench/meeting-page.sh            # signed in (the demo's password for the account, or PASSWORD)
#   PAGE=/organisations/CSTO bash bench/meeting-page.sh   # another page (or API answer) of the demo, by its path
#
# Needs: cargo, curl, nginx, wrk (`.ci/run` installs nginx and wrk). See bench/README.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROUNDS="${ROUNDS:-5}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-1}"
WARMUP="${WARMUP:-2s}"
APP_ADDR=127.0.0.1:18080
NGINX_ADDR=127.0.0.1:18081
PAGE="${PAGE:-/meetings/cfm-2018-06-almaty}"
# Signed in as this demo account (empty: anonymous). Its password is the demo's (`<name>-demo-2018`) unless given.
AS="${AS:-}"
PASSWORD="${PASSWORD:-${AS}-demo-2018}"

for tool in cargo curl nginx wrk; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is needed but not installed" >&2; exit 1; }
done
for addr in "$APP_ADDR" "$NGINX_ADDR"; do
    if curl -s -o /dev/null --max-time 1 "http://$addr/"; then
        echo "bench: something already listens on $addr; stop it first" >&2
        exit 1
    fi
done

work="$(mktemp -d -t secretariat-bench.XXXXXX)"
app_pid=""
nginx_pid=""

cleanup() {
    local status=$?
    for pid in "$nginx_pid" "$app_pid"; do
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [[ $status -ne 0 ]]; then
        echo "bench: failed; logs:" >&2
        tail -n 20 "$work"/*.log "$work"/nginx/*.log 2>/dev/null >&2 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf '==> %s\n' "$*"; }

say "cargo build --release"
cargo build --release

# The app: a fresh SQLite file with the demo, isolated from any secretariat.toml or SECRETARIAT_* of the caller.
say "starting secretariat on $APP_ADDR (demo, SQLite in $work)"
: >"$work/empty.toml"
env -u RUST_LOG -u SECRETARIAT_DATABASE -u SECRETARIAT_ADDR -u SECRETARIAT_SECURE_COOKIES -u SECRETARIAT_LOG \
    target/release/secretariat --config "$work/empty.toml" --database "$work/bench.db" \
    serve --demo --addr "$APP_ADDR" >"$work/secretariat.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
    curl -fs -o /dev/null "http://$APP_ADDR/healthz" && break
    kill -0 "$app_pid" 2>/dev/null || { echo "bench: secretariat exited" >&2; exit 1; }
    sleep 0.5
done
curl -fs -o /dev/null "http://$APP_ADDR/healthz" || { echo "bench: secretariat did not answer /healthz" >&2; exit 1; }

# Signed in: the session cookie that every request of the run sends (to nginx too, which ignores it).
cookie="lang=en"
viewer="anonymous"
if [[ -n "$AS" ]]; then
    jar="$work/cookies.txt"
    csrf="$(curl -fsS -c "$jar" "http://$APP_ADDR/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)"
    [[ -n "$csrf" ]] || { echo "bench: the sign-in page carries no CSRF field" >&2; exit 1; }
    curl -fsS -b "$jar" -c "$jar" -o /dev/null \
        --data-urlencode "csrf=$csrf" --data-urlencode "username=$AS" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "next=/" "http://$APP_ADDR/sign-in"
    session="$(awk '$6 == "secretariat_session" { print $7 }' "$jar")"
    [[ -n "$session" ]] || { echo "bench: signing in as $AS gave no session" >&2; exit 1; }
    cookie="$cookie; secretariat_session=$session"
    viewer="signed in as $AS"
fi

# The reference: the same bytes, at the same path, as a static file.
mkdir -p "$work/www$(dirname "$PAGE")" "$work/nginx/tmp"
curl -fsS -H "Cookie: $cookie" -o "$work/www$PAGE" "http://$APP_ADDR$PAGE"
curl -fsS -H "Cookie: $cookie" -o "$work/again.html" "http://$APP_ADDR$PAGE"
cmp -s "$work/www$PAGE" "$work/again.html" || { echo "bench: $PAGE is not the same bytes twice" >&2; exit 1; }
if [[ -n "$AS" ]] && ! grep -q 'sign-out' "$work/www$PAGE"; then
    echo "bench: the page fetched with the session is not a signed-in page" >&2
    exit 1
fi
bytes="$(wc -c <"$work/www$PAGE")"
say "fetched $PAGE ($viewer): $bytes bytes, the same twice"
# nginx's workers may run as another user: let them read the file.
chmod -R a+rX "$work/www"
chmod 755 "$work"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    # hyper keeps a connection open for as many requests as the client sends; let nginx do the same.
    keepalive_requests 1000000;
    default_type "text/html; charset=utf-8";
    client_body_temp_path $work/nginx/tmp/body;
    proxy_temp_path $work/nginx/tmp/proxy;
    fastcgi_temp_path $work/nginx/tmp/fastcgi;
    uwsgi_temp_path $work/nginx/tmp/uwsgi;
    scgi_temp_path $work/nginx/tmp/scgi;
    server {
        listen $NGINX_ADDR;
        root $work/www;
    }
}
EOF
say "starting nginx on $NGINX_ADDR (worker_processes 1, access_log off)"
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 40); do
    curl -fs -o /dev/null "http://$NGINX_ADDR$PAGE" && break
    kill -0 "$nginx_pid" 2>/dev/null || { echo "bench: nginx exited" >&2; exit 1; }
    sleep 0.25
done
curl -fsS -o "$work/from-nginx.html" "http://$NGINX_ADDR$PAGE"
cmp -s "$work/www$PAGE" "$work/from-nginx.html" || { echo "bench: nginx does not serve the same bytes" >&2; exit 1; }

# One wrk run; prints "requests/sec p50-latency p99-latency".
measure() {
    local url=$1 duration=$2 out
    out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -H "Cookie: $cookie" "$url")"
    if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
        echo "bench: errors during the run against $url:" >&2
        echo "$out" >&2
        return 1
    fi
    awk '/^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 } END { print rps, p50, p99 }' <<<"$out"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

say "warming up ($WARMUP each)"
measure "http://$APP_ADDR$PAGE" "$WARMUP" >/dev/null
measure "http://$NGINX_ADDR$PAGE" "$WARMUP" >/dev/null

settings="wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds each, alternating secretariat/nginx"
say "measuring: $settings"
report="$work/report.txt"
{
    echo "Meeting page load benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- crates data 2>/dev/null || echo ' (crates/ or data/ modified)')"
    echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
    echo "tools:   $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(rustc --version)"
    echo "page:    GET $PAGE, $viewer, $bytes bytes; nginx serves the same bytes as a static file"
    echo "load:    $settings"
    echo
    printf '%-7s %-12s %14s %12s %12s\n' round server requests/sec p50-latency p99-latency
} >"$report"
cat "$report"

app_rps=()
nginx_rps=()
for round in $(seq 1 "$ROUNDS"); do
    for server in secretariat nginx; do
        if [[ $server == secretariat ]]; then addr=$APP_ADDR; else addr=$NGINX_ADDR; fi
        line="$(measure "http://$addr$PAGE" "$DURATION")"
        read -r rps p50 p99 <<<"$line"
        [[ -n "$rps" ]] || { echo "bench: wrk printed no Requests/sec" >&2; exit 1; }
        if [[ $server == secretariat ]]; then app_rps+=("$rps"); else nginx_rps+=("$rps"); fi
        printf '%-7s %-12s %14s %12s %12s\n' "$round" "$server" "$rps" "$p50" "$p99" | tee -a "$report"
    done
done

app_median="$(printf '%s\n' "${app_rps[@]}" | median)"
nginx_median="$(printf '%s\n' "${nginx_rps[@]}" | median)"
ratio="$(awk -v a="$app_median" -v n="$nginx_median" 'BEGIN { printf "%.3f", a / n }')"
# The goal (issue 11, P1): 0.8 of nginx for the public page, 0.5 signed in.
goal="$([[ -n "$AS" ]] && echo 0.5 || echo 0.8)"
verdict="$(awk -v r="$ratio" -v g="$goal" 'BEGIN { print (r >= g ? "meets" : "below") }')"
{
    echo
    printf 'median  %-12s %14s requests/sec\n' secretariat "$app_median"
    printf 'median  %-12s %14s requests/sec\n' nginx "$nginx_median"
    printf 'ratio   secretariat/nginx = %s (%s the goal of %s)\n' "$ratio" "$verdict" "$goal"
} | tee -a "$report"

mkdir -p bench/results
# Named by the page when it is not the meeting page: /organisations/CSTO gives page-organisations-CSTO.
name="meeting-page"
if [[ $PAGE != /meetings/cfm-2018-06-almaty ]]; then
    name="page$(tr -c 'A-Za-z0-9\n' '-' <<<"$PAGE" | sed 's/-*$//')"
fi
name="$name${AS:+-$AS}"
result="bench/results/$name-$(date -u +%Y-%m-%d).txt"
n=2
while [[ -e "$result" ]]; do
    result="bench/results/$name-$(date -u +%Y-%m-%d)-$n.txt"
    n=$((n + 1))
done
cp "$report" "$result"
say "written to $result"
