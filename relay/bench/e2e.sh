#!/bin/bash
# end-to-end figure: consume vs relay on the same topic, each its own JVM; then read back from Prometheus
set -u
cd "$(dirname "$0")/../.."
# the test class path: mvn -B -q -pl relay -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/relay-cp.txt
CP=relay/target/test-classes:relay/target/classes:$(cat /tmp/relay-cp.txt)
W=$(mktemp -d)
free() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
KP=$(free); PP=$(free)
T() { java -Xmx1g -cp "$CP" io.promsnap.relay.cli.ToolMain "$@"; }
T broker --port $KP --data-dir $W/kafka > $W/broker.log 2>&1 &
BPID=$!
printf 'global:\n  scrape_interval: 1h\nstorage:\n  tsdb:\n    out_of_order_time_window: 1d\n' > $W/prometheus.yml
prometheus --config.file=$W/prometheus.yml --storage.tsdb.path=$W/prom --web.listen-address=127.0.0.1:$PP --web.enable-remote-write-receiver --log.level=warn > $W/prom.log 2>&1 &
PPID2=$!
for i in $(seq 1 120); do grep -q bootstrap.servers $W/broker.log && break; sleep 1; done
BS=127.0.0.1:$KP
echo "== generate"; T generate --bootstrap-server $BS --topic delivery --partitions 2 --series 2000 --samples 200000 --start-time now --quiet 2>&1 | tail -3
echo "== consume"; T consume --bootstrap-server $BS --topic delivery --group c1 --idle-timeout 3s --quiet 2>&1 | tail -3
echo "== relay remote-write"; T relay --bootstrap-server $BS --topic delivery --group r1 --to remote-write --url http://127.0.0.1:$PP/api/v1/write --idle-timeout 3s --json $W/relay-rw.json 2>&1 | grep -v '^\[' | tail -6
cat $W/relay-rw.json
echo "== relay kafka jsonl"; T relay --bootstrap-server $BS --topic delivery --group r2 --to kafka --output-topic samples --format jsonl --idle-timeout 3s --quiet 2>&1 | tail -4
echo "== consume again"; T consume --bootstrap-server $BS --topic delivery --group c2 --idle-timeout 3s --quiet 2>&1 | tail -3
echo "== read back"
NOW=$(date +%s); T1=$((NOW+7200))
# raw samples of every series (count_over_time would drop __name__ and collide)
curl -s -G "http://127.0.0.1:$PP/api/v1/query" --data-urlencode 'query={__name__=~".+"}[4h]' --data-urlencode "time=$T1" > $W/rb.json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["data"]["result"]; print("series", len(r), "samples", sum(len(x["values"]) for x in r))' $W/rb.json
kill $PPID2; kill $BPID; wait
