package io.meterwise.server.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
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
 * Writes export files into {@code {data-dir}/export-staging/{runId}}: CSV (RFC 4180, UTF-8, CRLF, as {@link FocusCsv}
 * writes cells; gzip-compressed when asked) or Parquet (the CSV converted by DuckDB's writer, columns typed), a new part
 * file after {@code rowsPerFile} rows, each with its row count, size, SHA-256 and BilledCost; then the manifest.
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

    /** The data files of one partition, rolled over every {@code rowsPerFile} rows. */
    private final class Parts implements PartitionWriter {

        private final CostExport export;
        private final Path folder;
        private final List<ExportColumns.Column> columns;
        private final String billedColumn;
        private final List<StagedFile> done = new ArrayList<>();
        private @Nullable Writer out;
        private @Nullable Path current;
        private long rows;
        private BigDecimal billed = BigDecimal.ZERO;
        private final StringBuilder line = new StringBuilder(1024);

        Parts(CostExport export, Path folder) {
            this.export = export;
            this.folder = folder;
            this.columns = ExportColumns.of(export.type(), export.columns());
            this.billedColumn = ExportColumns.billedCost(export.type());
        }

        @Override
        public void row(FocusRow row) {
            try {
                if (out == null) {
                    start();
                }
                line.setLength(0);
                for (int i = 0; i < columns.size(); i++) {
                    if (i > 0) {
                        line.append(',');
                    }
                    FocusCsv.cell(columns.get(i).value().apply(row), line);
                }
                out.append(line.append("\r\n"));
                Object cost = row.get(FocusColumn.BilledCost);
                if (cost instanceof BigDecimal d) {
                    billed = billed.add(d);
                }
                if (++rows == rowsPerFile) {
                    close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public List<StagedFile> finish() {
            try {
                if (out == null && done.isEmpty()) {
                    start(); // an empty partition still has one file with the header: "no charges" is an answer
                }
                if (out != null) {
                    close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.copyOf(done);
        }

        private void start() throws IOException {
            boolean gzip = export.format() == ExportFormat.Csv && export.gzip();
            current = folder.resolve(String.format("part_%d_%04d.csv%s", 1, done.size() + 1, gzip ? ".gz" : ""));
            OutputStream stream = Files.newOutputStream(current);
            if (gzip) {
                stream = new GZIPOutputStream(stream, 1 << 16);
            }
            out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            StringBuilder header = new StringBuilder();
            for (ExportColumns.Column c : columns) {
                if (!header.isEmpty()) {
                    header.append(',');
                }
                header.append(c.name());
            }
            out.append(header.append("\r\n"));
        }

        private void close() throws IOException {
            out.close();
            out = null;
            Path file = current;
            if (export.format() == ExportFormat.Parquet) {
                Path parquet = folder.resolve(file.getFileName().toString().replace(".csv", ".parquet"));
                Map<String, FocusColumn.Type> types = new LinkedHashMap<>();
                columns.forEach(c -> types.put(c.name(), c.type()));
                DuckDbParquet.csvToParquet(file, parquet, types);
                Files.delete(file);
                file = parquet;
            }
            // BilledCost is summed from the rows; it is only reported when the column is part of the file
            boolean hasBilled = columns.stream().anyMatch(c -> c.name().equals(billedColumn));
            done.add(staged(file.getFileName().toString(), file, rows, hasBilled ? billed : BigDecimal.ZERO));
            rows = 0;
            billed = BigDecimal.ZERO;
        }
    }

    private static StagedFile staged(String name, Path file, long rows, BigDecimal billed) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
        }
        return new StagedFile(name, file, rows, Files.size(file), HexFormat.of().formatHex(sha.digest()), billed);
    }
}
