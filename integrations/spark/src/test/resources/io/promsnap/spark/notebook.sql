-- the topic as a table: a batch from the earliest to the latest offset
CREATE OR REPLACE TEMPORARY VIEW prometheus_raw
USING kafka
OPTIONS (
  `kafka.bootstrap.servers` '${kafka_bootstrap_servers}',
  subscribe '${prometheus_topic}',
  startingOffsets 'earliest'
);

-- one row per sample
CREATE OR REPLACE TEMPORARY VIEW prometheus_samples AS
SELECT s.name, s.labels, s.value, s.ts, partition, offset
FROM prometheus_raw
LATERAL VIEW explode(promsnap_decode(value)) AS s;

-- samples per metric
SELECT name, count(*) AS samples
FROM prometheus_samples
GROUP BY name
ORDER BY name;

-- messages that are not valid deliveries, and where they are (none: the query above would have failed)
SELECT partition, offset, d.error
FROM (SELECT partition, offset, try_promsnap_decode(value) AS d FROM prometheus_raw)
WHERE d.error IS NOT NULL;
