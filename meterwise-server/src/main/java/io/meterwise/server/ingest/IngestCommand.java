package io.meterwise.server.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.meterwise.core.usage.IngestionResult;
import io.meterwise.core.usage.RecordError;

/**
 * {@code ingest --file <path>|- [--format csv|ndjson] [--meterwise.data-dir=...]}: loads one batch straight into the
 * data directory, without the web server, with the same validation and ledger as the HTTP endpoint.
 */
public final class IngestCommand {

    public static final int OK = 0;
    public static final int REJECTED = 1;
    public static final int USAGE = 2;
    public static final int FAILED = 3;
    private static final int MAX_PRINTED_ERRORS = 1000;

    private IngestCommand() {
    }

    /** Runs the command; returns the process exit code. */
    public static int run(Class<?> application, String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        String file = null;
        String format = null;
        List<String> springArgs = new ArrayList<>(List.of("--spring.main.banner-mode=off",
                "--logging.level.root=WARN", "--meterwise.demo.enabled=false"));
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--file") || a.equals("--format")) && i + 1 < args.length) {
                if (a.equals("--file")) {
                    file = args[++i];
                } else {
                    format = args[++i];
                }
            } else if (a.startsWith("--file=")) {
                file = a.substring("--file=".length());
            } else if (a.startsWith("--format=")) {
                format = a.substring("--format=".length());
            } else if (a.startsWith("--") && a.contains("=")) {
                springArgs.add(a);
            } else {
                err.println("Unknown argument '" + a + "'.");
                return usage(err);
            }
        }
        if (file == null) {
            return usage(err);
        }
        UsageFormat usageFormat;
        try {
            usageFormat = format != null ? UsageFormat.named(format)
                    : file.toLowerCase(Locale.ROOT).endsWith(".csv") ? UsageFormat.CSV : UsageFormat.NDJSON;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        ConfigurableApplicationContext context;
        try {
            context = new SpringApplicationBuilder(application).web(WebApplicationType.NONE).logStartupInfo(false)
                    .run(springArgs.toArray(String[]::new));
        } catch (RuntimeException e) {
            if (isLocked(e)) {
                err.println("The data directory's database is locked by another process: the server is running. "
                        + "POST the file to /providers/Meterwise/usage instead.");
            } else {
                err.println("Could not open the data directory: " + rootMessage(e));
            }
            return FAILED;
        }
        try (context; InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
            IngestionResult result = context.getBean(UsageIngestion.class).ingest(in, usageFormat);
            out.println("accepted=" + result.accepted() + " duplicates=" + result.duplicates() + " rejected="
                    + result.rejected());
            if (!result.isRejected()) {
                return OK;
            }
            result.errors().stream().limit(MAX_PRINTED_ERRORS).forEach(e -> err.println(line(e)));
            if (result.errors().size() > MAX_PRINTED_ERRORS) {
                err.println("... and " + (result.errors().size() - MAX_PRINTED_ERRORS) + " more errors");
            }
            err.println("The batch was rejected; nothing was stored.");
            return REJECTED;
        } catch (NoSuchFileException e) {
            err.println("No such file: " + file);
            return USAGE;
        } catch (BatchTooLargeException e) {
            err.println(e.getMessage());
            return REJECTED;
        } catch (IOException | RuntimeException e) {
            err.println("Ingestion failed: " + rootMessage(e));
            return FAILED;
        }
    }

    private static String line(RecordError e) {
        return "line " + e.line() + (e.field().isEmpty() ? "" : " " + e.field()) + ": " + e.reason();
    }

    private static int usage(PrintStream err) {
        err.println("Usage: ingest --file <path>|- [--format csv|ndjson] [--meterwise.data-dir=<dir>]");
        return USAGE;
    }

    private static boolean isLocked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("Could not set lock") || m.contains("Conflicting lock"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
