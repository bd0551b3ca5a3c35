package io.meterwise.server.storage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * {@code java -jar meterwise-server-exec.jar migrate-store --from <data dir> --to <postgres JDBC URL> [--user U]
 * [--password P] [--secrets-key-file F]}: moves an embedded deployment to PostgreSQL ({@link StoreMigration}). Run it
 * with the server stopped; then start servers with {@code meterwise.store=postgres} on that URL, each given the
 * source's secrets key ({@code F}, by default {@code <data dir>/keys/secrets.key}) as
 * {@code meterwise.secrets.key-file}:
 * export secrets are copied sealed and the key is kept out of the database (ADR 0051). User and password default to
 * {@code METERWISE_POSTGRES_USER} and {@code METERWISE_POSTGRES_PASSWORD}.
 */
public final class MigrateStoreCommand {

    public static final int USAGE = 2;

    private MigrateStoreCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && args[0].equals("migrate-store");
    }

    /** Returns the process exit code: 0 copied and verified, 1 failed or did not verify, 2 usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String from = null;
        String to = null;
        String user = System.getenv("METERWISE_POSTGRES_USER");
        String password = System.getenv("METERWISE_POSTGRES_PASSWORD");
        String secretsKey = null;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--from" -> from = value;
                case "--to" -> to = value;
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--secrets-key-file" -> secretsKey = value;
                default -> {
                    return usage(err);
                }
            }
            i++;
        }
        if (from == null || to == null || !to.startsWith("jdbc:postgresql:")) {
            return usage(err);
        }
        try {
            Path keyFile = secretsKey != null ? Path.of(secretsKey)
                    : Path.of(from).resolve(SealedSecrets.DEFAULT_KEY_FILE);
            StoreMigration.Report report = new StoreMigration(out).copy(Path.of(from), to, user, password, keyFile);
            if (!report.ok()) {
                report.problems().forEach(p -> err.println("NOT VERIFIED: " + p));
                return 1;
            }
            out.println("done: start the servers with meterwise.store=postgres and meterwise.postgres.url=" + to
                    + (java.nio.file.Files.exists(keyFile) ? ", each with a copy of " + keyFile.toAbsolutePath()
                            + " as meterwise.secrets.key-file" : ""));
            return 0;
        } catch (SQLException | IOException | RuntimeException e) {
            err.println("migrate-store failed, no data was committed to the target: " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: migrate-store --from <data dir> --to jdbc:postgresql://host:5432/db [--user U] "
                + "[--password P] [--secrets-key-file F]");
        return USAGE;
    }
}
