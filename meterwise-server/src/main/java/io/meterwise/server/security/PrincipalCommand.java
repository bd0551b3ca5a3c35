package io.meterwise.server.security;

import java.io.PrintStream;
import java.nio.file.Path;


import io.meterwise.core.access.PrincipalStore;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.duckdb.DuckDbPrincipals;

/**
 * {@code java -jar meterwise-server-exec.jar principal create --name X [--operator] [--data-dir DIR]}: creates a
 * service principal and prints its secret once. Runs without the server (DuckDB allows one writing process): while
 * the server runs, use the operator API instead.
 */
public final class PrincipalCommand {

    private PrincipalCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && args[0].equals("principal");
    }

    /** Returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String name = null;
        boolean operator = false;
        String dataDir = System.getenv().getOrDefault("METERWISE_DATA_DIR", "./data");
        if (args.length < 2 || !args[1].equals("create")) {
            return usage(err);
        }
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--name" -> name = i + 1 < args.length ? args[++i] : null;
                case "--data-dir" -> dataDir = i + 1 < args.length ? args[++i] : null;
                case "--operator" -> operator = true;
                default -> {
                    return usage(err);
                }
            }
        }
        if (name == null || name.isBlank() || dataDir == null) {
            return usage(err);
        }
        Path dir = Path.of(dataDir);
        try {
            PrincipalStore.CreatedPrincipal created = DuckDbPrincipals.createInDataDir(dir, name.strip(), operator);
            out.println("objectId=" + created.principal().objectId());
            out.println("client_id=" + created.principal().clientId());
            out.println("client_secret=" + created.clientSecret());
            out.println("# The secret is shown only now; store it safely.");
            return 0;
        } catch (StorageException | java.io.IOException e) {
            err.println("Cannot open the data directory " + dir.toAbsolutePath() + ": " + e.getMessage()
                    + "\nIs the server running? Then create principals with POST /providers/Meterwise/principals.");
            return 1;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: principal create --name <display name> [--operator] [--data-dir <dir>]");
        return 2;
    }
}
