package io.promsnap.spark;

// tag::imports[]
import static org.apache.spark.sql.functions.*;

import io.promsnap.spark.PromsnapSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
// end::imports[]
import org.apache.spark.sql.SparkSession;

/**
 * The Java notebook cell of docs/integrations.md, verbatim between the tags ({@code DocsTest} checks
 * that the document shows exactly this): in a notebook {@code spark}, {@code bootstrapServers} and
 * {@code topic} are the notebook's own.
 */
final class NotebookCell {
    private NotebookCell() {
    }

    static Dataset<Row> run(SparkSession spark, String bootstrapServers, String topic) {
        // tag::cell[]
        PromsnapSpark.register(spark); // promsnap_decode and try_promsnap_decode

        Dataset<Row> samples = spark.read().format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("subscribe", topic)
                .option("startingOffsets", "earliest")
                .load()
                .select(explode(call_function("promsnap_decode", col("value"))).as("s"))
                .select("s.*"); // name, labels, value, ts

        samples.groupBy("name").count().orderBy(desc("count")).show(5, false);
        // end::cell[]
        return samples;
    }
}
