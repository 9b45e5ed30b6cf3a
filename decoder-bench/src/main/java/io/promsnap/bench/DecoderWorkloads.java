package io.promsnap.bench;

import io.promsnap.DecodedBatch;
import io.promsnap.PayloadDecoder;
import io.promsnap.Sample;
import io.promsnap.bench.corpus.Corpus;

import java.util.List;

/** The decoder rows: a registered decoder through its visitor API or its convenience API. */
final class DecoderWorkloads {
    private DecoderWorkloads() {
    }

    static final class Visitor extends Workload {
        private final PayloadDecoder decoder;
        private final Corpus corpus;

        Visitor(String name, PayloadDecoder decoder, Corpus corpus) {
            super(name, Checksum.Kind.BYTES);
            this.decoder = decoder;
            this.corpus = corpus;
        }

        @Override
        public void run(Checksum sink) {
            for (int i = 0, n = corpus.size(); i < n; i++) {
                byte[] p = corpus.payload(i);
                decoder.decode(p, 0, p.length, sink);
            }
        }
    }

    static final class Batch extends Workload {
        private final PayloadDecoder decoder;
        private final Corpus corpus;

        Batch(String name, PayloadDecoder decoder, Corpus corpus) {
            super(name, Checksum.Kind.STRINGS);
            this.decoder = decoder;
            this.corpus = corpus;
        }

        @Override
        public void run(Checksum sink) {
            for (int i = 0, n = corpus.size(); i < n; i++) {
                byte[] p = corpus.payload(i);
                DecodedBatch batch = decoder.decodeBatch(p, 0, p.length);
                List<Sample> samples = batch.samples();
                for (int k = 0, m = samples.size(); k < m; k++) {
                    sink.onSample(samples.get(k));
                }
            }
        }
    }
}
