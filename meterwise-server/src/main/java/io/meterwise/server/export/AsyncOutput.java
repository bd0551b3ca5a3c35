package io.meterwise.server.export;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * An output stream whose bytes another thread passes on to {@code downstream} (compressing, hashing and writing a
 * file), so formatting the next rows and writing the last ones run side by side. Bytes are copied into a few reused
 * buffers handed over a bounded queue; {@link #close} waits for every byte to be written and closes {@code downstream},
 * and a failure downstream is thrown by the next write or by close. Written by one thread.
 */
final class AsyncOutput extends OutputStream {

    private static final int BUFFERS = 16;
    private static final int SIZE = 1 << 16;
    private static final Chunk END = new Chunk(new byte[0], 0);

    private final OutputStream downstream;
    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    private final Thread thread;
    private volatile @Nullable Throwable failure;
    private byte @Nullable [] current;
    private int position;
    private boolean closed;

    AsyncOutput(OutputStream downstream, String name) {
        this.downstream = downstream;
        for (int i = 0; i < BUFFERS; i++) {
            free.add(new byte[SIZE]);
        }
        thread = new Thread(this::drain, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        ensureOpen();
        while (len > 0) {
            if (current == null) {
                current = take(free);
                position = 0;
            }
            int n = Math.min(len, SIZE - position);
            System.arraycopy(b, off, current, position, n);
            position += n;
            off += n;
            len -= n;
            if (position == SIZE) {
                handOff();
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (failure == null) {
                if (current != null && position > 0) {
                    handOff();
                }
                put(END);
            } else {
                thread.interrupt();
            }
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new InterruptedIOException("interrupted while writing the export");
        }
        rethrow();
    }

    /** A buffer and how many of its bytes to write. */
    private record Chunk(byte[] buffer, int length) {
    }

    private void handOff() throws IOException {
        put(new Chunk(current, position));
        current = null;
        position = 0;
    }

    private void put(Chunk chunk) throws IOException {
        try {
            while (!full.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                ensureOpenOrFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new InterruptedIOException("interrupted while writing the export");
        }
    }

    private byte[] take(BlockingQueue<byte[]> queue) throws IOException {
        try {
            byte[] b;
            while ((b = queue.poll(100, TimeUnit.MILLISECONDS)) == null) {
                ensureOpenOrFailed();
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
            throw new InterruptedIOException("interrupted while writing the export");
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        rethrow();
    }

    private void ensureOpenOrFailed() throws IOException {
        rethrow();
        if (!thread.isAlive()) {
            throw new IOException("the export file writer stopped");
        }
    }

    private void rethrow() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new IOException(io.getMessage(), io);
        }
        if (f != null) {
            throw new IOException("the export file writer failed", f);
        }
    }

    /** The other thread: writes buffers downstream in order until the end marker, then closes downstream. */
    private void drain() {
        try (OutputStream out = downstream) {
            while (true) {
                Chunk chunk = full.take();
                if (chunk == END) {
                    return;
                }
                out.write(chunk.buffer(), 0, chunk.length());
                free.put(chunk.buffer());
            }
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("the export file writer was interrupted");
        } catch (Throwable e) {
            failure = e;
        }
    }
}
