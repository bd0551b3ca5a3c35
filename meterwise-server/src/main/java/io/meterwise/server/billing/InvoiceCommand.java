package io.meterwise.server.billing;

import java.io.PrintStream;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import io.meterwise.core.billing.InvoiceService;

/**
 * {@code java -jar meterwise-server-exec.jar invoices issue [--period 2026-10] [--subscription <id>]}: issues due
 * invoices without starting the web server (DuckDB allows one writing process: stop the server first, or use
 * {@code POST /providers/Meterwise/invoices/issue}).
 */
public final class InvoiceCommand {

    private InvoiceCommand() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && args[0].equals("invoices");
    }

    /** Runs the command; returns the process exit code. */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        if (args.length < 2 || !args[1].equals("issue")) {
            err.println("usage: invoices issue [--period yyyy-MM] [--subscription <subscription id>]");
            return 2;
        }
        YearMonth period = null;
        UUID subscription = null;
        try {
            for (int i = 2; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--period") && i + 1 < args.length) {
                    period = YearMonth.parse(args[++i]);
                } else if (arg.equals("--subscription") && i + 1 < args.length) {
                    subscription = UUID.fromString(args[++i]);
                } else if (!arg.startsWith("--meterwise.") && !arg.startsWith("--spring.")) {
                    err.println("unknown argument '" + arg + "'");
                    return 2;
                }
            }
        } catch (DateTimeParseException | IllegalArgumentException e) {
            err.println("invalid argument: " + e.getMessage() + " (period is yyyy-MM, subscription a GUID)");
            return 2;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE).properties("meterwise.billing.scheduler-enabled=false")
                .run(args)) {
            InvoiceService.IssueReport report = context.getBean(InvoiceService.class).issue(period, subscription);
            report.issued().forEach(name -> out.println("issued " + name));
            out.println(report.issued().size() + " issued, " + report.alreadyIssued() + " already issued, "
                    + report.failures().size() + " failed");
            report.failures().forEach(f -> err.println("failed " + f));
            return report.failures().isEmpty() ? 0 : 1;
        } catch (RuntimeException e) {
            err.println("issuing failed: " + e.getMessage());
            return 1;
        }
    }
}
