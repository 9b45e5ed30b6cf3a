package io.promsnap.flink.example;

import io.promsnap.flink.PromsnapBadMessage;
import io.promsnap.flink.PromsnapDecodeFunction;
import io.promsnap.flink.PromsnapFlink;
import io.promsnap.flink.PromsnapSample;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Samples per metric name from a topic of delivered messages. Args: bootstrap servers, topic. */
public final class PrometheusSamplesJob {

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        samples(env, args[0], args[1])
                .map(s -> Tuple2.of(s.name, 1L)).returns(Types.TUPLE(Types.STRING, Types.LONG))
                .keyBy(t -> t.f0)
                .sum(1)
                .print();
        env.execute("prometheus samples per name");
    }

    /** One record per sample; a bad message fails the job (the default). */
    public static DataStream<PromsnapSample> samples(StreamExecutionEnvironment env, String bootstrap, String topic) {
        KafkaSource<PromsnapSample> source = KafkaSource.<PromsnapSample>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest()) // drop this line to run unbounded
                .setDeserializer(PromsnapFlink.builder().kafkaRecordDeserializationSchema())
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "prometheus delivery");
    }

    /** The same samples, with undecodable messages as a dead-letter side output instead of a failure. */
    public static SingleOutputStreamOperator<PromsnapSample> samplesWithDeadLetters(
            StreamExecutionEnvironment env, String bootstrap, String topic) {
        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
                .build();
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "prometheus delivery (raw)")
                .process(PromsnapFlink.builder().decodeFunction());
    }

    /** Where {@link #samplesWithDeadLetters} puts the messages it could not decode. */
    public static DataStream<PromsnapBadMessage> deadLetters(SingleOutputStreamOperator<PromsnapSample> samples) {
        return samples.getSideOutput(PromsnapDecodeFunction.BAD_MESSAGES);
    }
}
