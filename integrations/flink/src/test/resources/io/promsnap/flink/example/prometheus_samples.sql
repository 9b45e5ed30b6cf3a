CREATE TABLE prometheus_samples (
  name STRING,
  labels MAP<STRING, STRING>,
  `value` DOUBLE,
  ts TIMESTAMP_LTZ(3),
  job STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'prometheus-delivery',
  'properties.bootstrap.servers' = 'localhost:9092',
  'scan.startup.mode' = 'earliest-offset',
  'scan.bounded.mode' = 'latest-offset',
  'format' = 'promsnap',
  'promsnap.decoder' = 'aircompressor+scanner',
  'promsnap.container' = 'raw',
  'promsnap.ignore-parse-errors' = 'false',
  'promsnap.label-columns' = 'job'
);
