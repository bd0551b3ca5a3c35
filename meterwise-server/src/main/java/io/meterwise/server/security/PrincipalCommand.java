package io.meterwise.server.security;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

import io.meterwise.core.access.PrincipalStore;
import io.meterwise.server.storage.ConditionalOnStore;
import io.meterwise.server.storage.StorageException;
import io.meterwise.server.storage.duckdb.DuckDbPrincipals;
import io.meterwise.server.storage.postgres.PostgresPrincipals;
import io.meterwise.server.storage.postgres.PostgresProperties;

/**
 * {@code java -jar meterwise-server-exec.jar principal create --name X [--operator] [--data-dir DIR]
 * [--meterwise.store=postgres ...]}: creates a service principal in the configured store and prints its secret once.
 * The store and its settings come from the same properties and environment variables as the server's. On the
 * embedded store it runs without the server (DuckDB allows one writing process): while the server runs, use the
 * operator API instead. On PostgreSQL it may run alongside the servers.
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
        String dataDir = null;
        List<String> properties = new ArrayList<>();
        if (args.length < 2 || !args[1].equals("create")) {
            return usage(err);
        }
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--name" -> name = i + 1 < args.length ? args[++i] : null;
                case "--data-dir" -> dataDir = i + 1 < args.length ? args[++i] : null;
                case "--operator" -> operator = true;
                default -> {
                    if (!args[i].startsWith("--meterwise.") || !args[i].contains("=")) {
                        return usage(err);
                    }
                    properties.add(args[i]);
                }
            }
        }
        if (name == null || name.isBlank() || (dataDir != null && dataDir.isBlank())) {
            return usage(err);
        }
        Binder settings = settings(properties);
        String store = settings.bind(ConditionalOnStore.PROPERTY, String.class).orElse(ConditionalOnStore.DEFAULT);
        if (store.equals("postgres")) {
            return createOnPostgres(settings.bind("meterwise.postgres", PostgresProperties.class)
                    .orElse(new PostgresProperties(null, null, null, null)), name.strip(), operator, out, err);
        }
        if (!store.equals(ConditionalOnStore.DEFAULT)) {
            err.println("Unknown store '" + store + "': one of " + ConditionalOnStore.STORES);
            return 2;
        }
        Path dir = Path.of(dataDir != null ? dataDir
                : settings.bind("meterwise.data-dir", String.class).orElse("./data"));
        try {
            print(DuckDbPrincipals.createInDataDir(dir, name.strip(), operator), out);
            return 0;
        } catch (StorageException | java.io.IOException e) {
            err.println("Cannot open the data directory " + dir.toAbsolutePath() + ": " + e.getMessage()
                    + "\nIs the server running? Then create principals with POST /providers/Meterwise/principals.");
            return 1;
        }
    }

    private static int createOnPostgres(PostgresProperties database, String name, boolean operator, PrintStream out,
            PrintStream err) {
        if (database.url() == null || database.url().isBlank()) {
            err.println("meterwise.store=postgres needs meterwise.postgres.url (METERWISE_POSTGRES_URL), "
                    + "e.g. jdbc:postgresql://localhost:5432/meterwise");
            return 2;
        }
        try {
            print(PostgresPrincipals.create(database, name, operator), out);
            return 0;
        } catch (StorageException e) {
            err.println("Cannot create the principal in " + database.url() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Command-line properties first, then system properties, then environment variables (relaxed names). */
    private static Binder settings(List<String> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(properties.toArray(String[]::new)));
        ConfigurationPropertySources.attach(environment);
        return Binder.get(environment);
    }

    private static void print(PrincipalStore.CreatedPrincipal created, PrintStream out) {
        out.println("objectId=" + created.principal().objectId());
        out.println("client_id=" + created.principal().clientId());
        out.println("client_secret=" + created.clientSecret());
        out.println("# The secret is shown only now; store it safely.");
    }

    private static int usage(PrintStream err) {
        err.println("usage: principal create --name <display name> [--operator] [--data-dir <dir>] "
                + "[--meterwise.store=duckdb|postgres] [--meterwise.postgres.url=<jdbc url>] ...");
        return 2;
    }
}
