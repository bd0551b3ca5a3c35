package io.meterwise.server.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link AsyncOutput} passes on every byte in order, closes downstream once, and reports a downstream failure. */
class AsyncOutputTest {

    @Property(tries = 200)
    void writesEveryByteInOrder(@ForAll("writes") List<byte[]> writes) throws IOException {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ClosingCounter downstream = new ClosingCounter();
        try (AsyncOutput out = new AsyncOutput(downstream, "test")) {
            for (byte[] w : writes) {
                if (w.length == 1) {
                    out.write(w[0]);
                } else {
                    out.write(w, 0, w.length);
                }
                expected.write(w);
            }
        }
        assertThat(downstream.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(downstream.closed).isEqualTo(1);
    }

    @Example
    void aFailureDownstreamIsThrownByAWriteOrByClose() {
        AtomicBoolean failed = new AtomicBoolean();
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                failed.set(true);
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> {
            try (AsyncOutput out = new AsyncOutput(failing, "test")) {
                byte[] chunk = new byte[50_000];
                for (int i = 0; i < 1_000; i++) {
                    out.write(chunk, 0, chunk.length);
                }
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("disk full");
        assertThat(failed).isTrue();
    }

    @Provide
    Arbitrary<List<byte[]>> writes() {
        Arbitrary<byte[]> small = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
        Arbitrary<byte[]> large = Arbitraries.integers().between(60_000, 300_000).map(n -> {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (i * 31 + n);
            }
            return b;
        });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, small), net.jqwik.api.Tuple.of(1, large)).list()
                .ofMaxSize(40);
    }

    /** Keeps what it is given and counts how often it is closed. */
    static final class ClosingCounter extends ByteArrayOutputStream {
        int closed;

        @Override
        public void close() {
            closed++;
        }
    }
}
