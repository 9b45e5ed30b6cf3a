package io.promsnap.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark for every test class of the fork: starting a session costs seconds, and the tests only
 * register functions and create temporary views, which do not disturb each other.
 */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .appName("promsnap-spark-tests")
                    // two task threads: two decoders in use at once, like two tasks on one executor
                    .master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "spark-test-stop"));
        }
        return session;
    }
}
