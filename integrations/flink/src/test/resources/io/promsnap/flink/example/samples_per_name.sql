SELECT name, COUNT(*) AS samples
FROM prometheus_samples
GROUP BY name;
