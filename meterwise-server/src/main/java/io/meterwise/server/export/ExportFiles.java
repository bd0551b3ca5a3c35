package io.meterwise.server.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.jspecify.annotations.Nullable;

import io.meterwise.core.export.CostExport;
import io.meterwise.core.export.ExportFileWriter;
import io.meterwise.core.export.ExportFormat;
import io.meterwise.core.export.ExportManifest;
import io.meterwise.core.export.StagedFile;
import io.meterwise.core.focus.FocusColumn;
import io.meterwise.core.focus.FocusRow;
import io.meterwise.server.focus.FocusCsv;
import io.meterwise.server.storage.OwnerOnlyFiles;
import io.meterwise.server.storage.duckdb.DuckDbParquet;

/**
 * Writes export files into {@code {data-dir}/export-staging/{runId}}: CSV (RFC 4180, UTF-8, CRLF, cells as {@link
 * FocusCsv} writes them, in bytes by {@link CsvBytes}; gzip-compressed when asked; SHA-256 taken while writing) or
 * Parquet (the CSV converted by DuckDB's writer, columns typed), a new part file after {@code rowsPerFile} rows, each
 * with its row count, size, SHA-256 and BilledCost; then the manifest.
 */
public final class ExportFiles implements ExportFileWriter {

    private final Path stagingRoot;
    private final long rowsPerFile;

    public ExportFiles(Path stagingRoot, long rowsPerFile) {
        this.stagingRoot = stagingRoot;
        this.rowsPerFile = rowsPerFile;
    }

    @Override
    public Path stagingFolder(String runId) {
        try {
            OwnerOnlyFiles.directory(stagingRoot);
            return Files.createDirectories(stagingRoot.resolve(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the staging folder of run " + runId, e);
        }
    }

    @Override
    public List<String> stagedRuns() {
        if (!Files.isDirectory(stagingRoot)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(stagingRoot)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the staging folders in " + stagingRoot, e);
        }
    }

    @Override
    public PartitionWriter open(CostExport export, Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Parts(export, folder);
    }

    @Override
    public StagedFile manifest(ExportManifest manifest, Path folder) {
        Path file = folder.resolve("manifest.json");
        try {
            Files.write(file, ExportJson.manifest(manifest).getBytes(StandardCharsets.UTF_8));
            return staged("manifest.json", file, 0, BigDecimal.ZERO);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void discard(Path folder) {
        deleteTree(folder);
    }

    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + folder, e);
        }
    }

    /**
     * The data files of one partition, rolled over every {@code rowsPerFile} rows. The caller's thread (reading and
     * pricing rows) hands batches of rows to formatter threads (one per core, up to {@value #FORMATTERS}: cells to
     * CSV bytes) and the batches, in order, to a writer thread of the partition over a bounded queue (rolling files
     * over, summing BilledCost), which hands the bytes to a file thread ({@link AsyncOutput}: compressing, hashing,
     * writing). So the stages of an export run side by side and memory stays bounded. Aggregated exports sum rows in
     * the writer thread instead.
     */
    private final class Parts implements PartitionWriter {

        private static final int BATCH = 1024;
        private static final int FORMATTERS = 4;
        private static final Batch END = new Batch(List.of(), null);

        private final CostExport export;
        private final Path folder;
        private final List<ExportColumns.Column> columns;
        private final @Nullable FocusColumn[] sources;
        private final String billedColumn;
        private final List<StagedFile> done = new ArrayList<>();
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(16);
        private final @Nullable ExecutorService formatters;
        private final ThreadLocal<Formatter> formatter;
        private final Thread thread;
        private volatile @Nullable Throwable failure;
        private volatile boolean aborted;
        private List<FocusRow> batch = new ArrayList<>(BATCH);
        // writer thread only
        private final @Nullable ExportGroups groups;
        private @Nullable CsvBytes csv;
        private @Nullable OutputStream stream;
        private @Nullable Sha256Output file;
        private @Nullable Path current;
        private long rows;
        private DecimalSum billed = new DecimalSum();

        Parts(CostExport export, Path folder) {
            this.export = export;
            this.folder = folder;
            this.columns = ExportColumns.of(export.type(), export.columns());
            this.sources = columns.stream().map(ExportColumns.Column::source).toArray(FocusColumn[]::new);
            this.billedColumn = ExportColumns.billedCost(export.type());
            this.groups = export.aggregated() ? new ExportGroups(columns, export.granularity()) : null;
            this.formatter = ThreadLocal.withInitial(() -> new Formatter(columns.size()));
            int cores = Math.min(FORMATTERS, Runtime.getRuntime().availableProcessors());
            this.formatters = groups != null ? null : Executors.newFixedThreadPool(Math.max(1, cores), r -> {
                Thread t = new Thread(r, "export-format-" + folder.getFileName());
                t.setDaemon(true);
                return t;
            });
            this.thread = new Thread(this::drain, "export-writer-" + folder.getFileName());
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void row(FocusRow row) {
            batch.add(row);
            if (batch.size() == BATCH) {
                handOff(batch);
                batch = new ArrayList<>(BATCH);
            }
        }

        @Override
        public List<StagedFile> finish() {
            if (!batch.isEmpty()) {
                handOff(batch);
            }
            queue(END);
            join();
            stopFormatters();
            rethrow();
            return List.copyOf(done);
        }

        @Override
        public void abort() {
            aborted = true;
            thread.interrupt();
            join();
            stopFormatters();
            closeQuietly();
        }

        private void stopFormatters() {
            if (formatters != null) {
                formatters.shutdownNow();
            }
        }

        private void handOff(List<FocusRow> rows) {
            queue(new Batch(rows, formatters == null ? null : formatters.submit(() -> format(rows))));
        }

        private void queue(Batch rows) {
            try {
                while (!queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                    if (!thread.isAlive()) {
                        rethrow();
                        throw new IllegalStateException("the export writer stopped");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                abort();
                throw new IllegalStateException("interrupted while writing the export", e);
            }
        }

        private void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing the export", e);
            }
        }

        private void rethrow() {
            Throwable f = failure;
            if (f instanceof UncheckedIOException u) {
                throw new UncheckedIOException(u.getMessage(), u.getCause());
            }
            if (f instanceof RuntimeException r) {
                throw new IllegalStateException(r.getMessage(), r);
            }
            if (f != null) {
                throw new IllegalStateException("the export writer failed", f);
            }
        }

        /** The writer thread: writes batches until the end marker; the first failure stops it. */
        private void drain() {
            try {
                while (!aborted) {
                    Batch next = queue.take();
                    if (next == END) {
                        if (groups != null) {
                            writeGroups();
                        }
                        if (csv == null && done.isEmpty()) {
                            start(); // an empty partition still has one file with the header: "no charges" is an answer
                        }
                        if (csv != null) {
                            close();
                        }
                        return;
                    }
                    if (next.formatted() != null) {
                        write(next.rows(), next.formatted().get());
                    } else {
                        for (FocusRow row : next.rows()) {
                            groups.add(row);
                        }
                    }
                }
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (InterruptedException e) {
                // aborted
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (failure != null || aborted) {
                    closeQuietly();
                }
            }
        }

        /** A formatter thread's work: the CSV lines of a batch, and where each ends. */
        private Formatted format(List<FocusRow> batch) throws IOException {
            Formatter f = formatter.get();
            CsvBytes out = f.csv();
            long start = out.written();
            int[] ends = new int[batch.size()];
            for (int r = 0; r < batch.size(); r++) {
                FocusRow row = batch.get(r);
                for (int i = 0; i < sources.length; i++) {
                    FocusColumn source = sources[i];
                    out.cell(i, source != null ? row.get(source) : columns.get(i).value().apply(row));
                }
                out.endRow();
                ends[r] = (int) (out.written() - start);
            }
            out.flush();
            byte[] bytes = f.sink().toByteArray();
            f.sink().reset();
            return new Formatted(bytes, ends);
        }

        /** Writes a formatted batch, rolling files over between its lines. */
        private void write(List<FocusRow> batch, Formatted formatted) throws IOException {
            int r = 0;
            while (r < batch.size()) {
                if (csv == null) {
                    start();
                }
                int n = (int) Math.min(batch.size() - r, rowsPerFile - rows);
                int from = r == 0 ? 0 : formatted.ends()[r - 1];
                csv.bytes(formatted.bytes(), from, formatted.ends()[r + n - 1] - from);
                for (int i = r; i < r + n; i++) {
                    if (batch.get(i).get(FocusColumn.BilledCost) instanceof BigDecimal d) {
                        billed.add(d);
                    }
                }
                r += n;
                rows += n;
                if (rows == rowsPerFile) {
                    close();
                }
            }
        }

        private void endRow(@Nullable Object cost) throws IOException {
            csv.endRow();
            if (cost instanceof BigDecimal d) {
                billed.add(d);
            }
            if (++rows == rowsPerFile) {
                close();
            }
        }

        /** Writes the summed rows of an aggregated export, in the order their first charge came. */
        private void writeGroups() throws IOException {
            for (ExportGroups.Group g : groups.groups()) {
                if (csv == null) {
                    start();
                }
                Object[] cells = g.cells();
                for (int i = 0; i < cells.length; i++) {
                    csv.cell(i, cells[i]);
                }
                endRow(g.cost());
            }
        }

        private void start() throws IOException {
            boolean gzip = export.format() == ExportFormat.Csv && export.gzip();
            current = folder.resolve(String.format("part_%d_%04d.csv%s", 1, done.size() + 1, gzip ? ".gz" : ""));
            file = new Sha256Output(Files.newOutputStream(current));
            stream = new AsyncOutput(gzip ? new GZIPOutputStream(file, 1 << 16) : file,
                    "export-file-" + folder.getFileName());
            csv = new CsvBytes(stream, columns.size());
            csv.line(columns.stream().map(ExportColumns.Column::name).toList());
        }

        private void close() throws IOException {
            csv.flush();
            stream.close();
            Path path = current;
            StagedFile staged;
            // BilledCost is summed from the rows; it is only reported when the column is part of the file
            boolean hasBilled = columns.stream().anyMatch(c -> c.name().equals(billedColumn));
            BigDecimal cost = hasBilled ? billed.total() : BigDecimal.ZERO;
            if (export.format() == ExportFormat.Parquet) {
                Path parquet = folder.resolve(path.getFileName().toString().replace(".csv", ".parquet"));
                Map<String, FocusColumn.Type> types = new LinkedHashMap<>();
                columns.forEach(c -> types.put(c.name(), c.type()));
                DuckDbParquet.csvToParquet(path, parquet, types);
                Files.delete(path);
                staged = staged(parquet.getFileName().toString(), parquet, rows, cost);
            } else {
                staged = new StagedFile(path.getFileName().toString(), path, rows, file.count(), file.sha256(),
                        cost);
            }
            done.add(staged);
            csv = null;
            stream = null;
            file = null;
            rows = 0;
            billed = new DecimalSum();
        }

        private void closeQuietly() {
            OutputStream s = stream;
            stream = null;
            csv = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException | RuntimeException e) {
                    // the run fails anyway and its staging folder is removed
                }
            }
        }
    }

    /** Batches of rows in the order they came; formatted by a formatter thread unless the export sums rows. */
    private record Batch(List<FocusRow> rows, @Nullable Future<Formatted> formatted) {
    }

    /** The CSV lines of a batch, one after another, and the offset where each line ends. */
    private record Formatted(byte[] bytes, int[] ends) {
    }

    /** A formatter thread's CSV writer, keeping its per-column caches from batch to batch, and the bytes it wrote. */
    private record Formatter(CsvBytes csv, Sink sink) {
        Formatter(int columns) {
            this(columns, new Sink());
        }

        private Formatter(int columns, Sink sink) {
            this(new CsvBytes(sink, columns), sink);
        }
    }

    /** The bytes of one batch. */
    private static final class Sink extends java.io.ByteArrayOutputStream {
        Sink() {
            super(1 << 20);
        }
    }

    /** Passes bytes through to a file, counting them and hashing them with SHA-256 on the way. */
    static final class Sha256Output extends FilterOutputStream {

        private final MessageDigest sha = newSha256();
        private long count;

        Sha256Output(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }

        /** The hex SHA-256 of everything written; call once, after closing. */
        String sha256() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StagedFile staged(String name, Path file, long rows, BigDecimal billed) throws IOException {
        MessageDigest sha = newSha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
        }
        return new StagedFile(name, file, rows, Files.size(file), HexFormat.of().formatHex(sha.digest()), billed);
    }
}
