package io.meterwise.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.jwk.source.ImmutableJWKSet;

import io.meterwise.core.access.AccessPolicy;
import io.meterwise.core.access.Action;
import io.meterwise.core.access.Principal;
import io.meterwise.core.access.Role;
import io.meterwise.server.security.RouteActions;
import io.meterwise.server.security.SigningKey;
import io.meterwise.server.security.TokenIssuer;
import io.meterwise.server.security.TokenVerifier;
import io.meterwise.server.security.TrustedIssuer;

/**
 * Cost of admitting one request in process: verify an RS256 bearer token, map the route to its action and decide
 * with {@link AccessPolicy} (roles given in memory; the server adds one indexed DuckDB lookup). Prints median and
 * p99 per request next to a baseline that only maps the route and decides.
 */
public final class TokenValidationBench {

    private static final String PATH =
            "/subscriptions/6d0a8a4e-2f0b-4c55-8f57-1f3b9f1a7c11/providers/Microsoft.Commerce/UsageAggregates";

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Clock clock = Clock.systemUTC();
        SigningKey key = SigningKey.generate();
        TokenIssuer issuer = new TokenIssuer(key, "meterwise", "api://meterwise", "t", Duration.ofHours(1), clock);
        TokenVerifier verifier = new TokenVerifier(List.of(new TrustedIssuer("meterwise", "api://meterwise",
                new ImmutableJWKSet<>(key.publicKeys()), true, Set.of(), "t")), clock);
        AccessPolicy policy = new AccessPolicy();
        List<Role> roles = List.of(Role.READER);
        String token = issuer.issue("6f1c0d55-8d0f-4a3c-a0a4-6c3f2a9d1e77", "client", false);

        Step full = () -> {
            Principal principal = verifier.verify(token);
            Action action = RouteActions.resolve("GET", PATH).orElseThrow();
            return policy.allows(principal, action, roles);
        };
        Principal known = verifier.verify(token);
        Step baseline = () -> policy.allows(known, RouteActions.resolve("GET", PATH).orElseThrow(), roles);

        measure(full, rounds); // warm-up
        measure(baseline, rounds);
        long[] fullNanos = measure(full, rounds);
        long[] baseNanos = measure(baseline, rounds);
        System.out.printf("Token validation + authorization (RS256, 2048-bit), %d requests%n", rounds);
        System.out.printf("  full:     median %.1f us, p99 %.1f us%n", micros(fullNanos, 0.50), micros(fullNanos, 0.99));
        System.out.printf("  baseline: median %.1f us, p99 %.1f us (route mapping + decision only)%n",
                micros(baseNanos, 0.50), micros(baseNanos, 0.99));
        System.out.printf("  ratio full/baseline at the median: %.0fx; target median < 200 us: %s%n",
                micros(fullNanos, 0.50) / Math.max(micros(baseNanos, 0.50), 0.001),
                micros(fullNanos, 0.50) < 200 ? "met" : "NOT met");
    }

    private interface Step {
        boolean run() throws Exception;
    }

    private static long[] measure(Step step, int rounds) throws Exception {
        long[] nanos = new long[rounds];
        int allowed = 0;
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            allowed += step.run() ? 1 : 0;
            nanos[i] = System.nanoTime() - start;
        }
        if (allowed != rounds) {
            throw new IllegalStateException("a request was refused");
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1000.0;
    }
}
