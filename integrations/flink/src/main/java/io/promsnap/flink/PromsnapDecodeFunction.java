package io.promsnap.flink;

import io.promsnap.PromsnapException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw message values in an operator, for jobs that want bad messages as data: samples go to the
 * main output, each undecodable message once to the {@link #BAD_MESSAGES} side output (a dead-letter
 * stream) with its payload and reason. A source cannot emit to side outputs, hence this operator after a
 * source of raw bytes; Flink chains it to the source, so the bytes are not shipped between tasks.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<PromsnapSample> samples = rawBytes.process(PromsnapFlink.builder().decodeFunction());
 * DataStream<PromsnapBadMessage> bad = samples.getSideOutput(PromsnapDecodeFunction.BAD_MESSAGES);
 * }</pre>
 */
public final class PromsnapDecodeFunction<T> extends ProcessFunction<byte[], T> implements ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    /** Where undecodable messages go. */
    public static final OutputTag<PromsnapBadMessage> BAD_MESSAGES =
            new OutputTag<>("promsnap-bad-messages", TypeInformation.of(PromsnapBadMessage.class));

    private final DecoderSpec spec;
    private final SampleMapper<T> mapper;
    private final TypeInformation<T> type;
    private transient SampleEmitter<T> emitter;

    PromsnapDecodeFunction(DecoderSpec spec, SampleMapper<T> mapper, TypeInformation<T> type) {
        this.spec = spec;
        this.mapper = mapper;
        this.type = type;
    }

    @Override
    public void open(OpenContext openContext) {
        emitter = new SampleEmitter<>(spec, mapper, getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(byte[] message, Context ctx, Collector<T> out) {
        try {
            emitter.decode(message, out);
        } catch (PromsnapException ex) {
            emitter.metrics.badMessages.inc();
            ctx.output(BAD_MESSAGES, new PromsnapBadMessage(message, ex.category().name(), ex.getMessage(),
                    emitter.emittedInLastMessage()));
        }
    }

    @Override
    public void close() {
        if (emitter != null) {
            emitter.close();
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return type;
    }
}
