package io.meterwise.server.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A store-specific configuration or bean, active only when {@code meterwise.store} names its store ({@code duckdb}
 * when unset). Adapters under {@code storage.jdbc} serve every store and need no condition.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnStore.OnStore.class)
public @interface ConditionalOnStore {

    /** {@code duckdb} or {@code postgres}. */
    String value();

    /** The property naming the store. */
    String PROPERTY = "meterwise.store";

    /** The store when the property is unset: the embedded one, so the two-command start needs no setting. */
    String DEFAULT = "duckdb";

    /** Every store there is an adapter set for. */
    Set<String> STORES = Set.of("duckdb", "postgres");

    /** Matches the configured store; an unknown store fails the start with the list of known ones. */
    final class OnStore implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String configured = context.getEnvironment().getProperty(PROPERTY, DEFAULT).strip();
            if (configured.isEmpty()) {
                configured = DEFAULT;
            }
            if (!STORES.contains(configured)) {
                throw new IllegalStateException(PROPERTY + "=" + configured + " is not a store: use duckdb or postgres");
            }
            Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnStore.class.getName());
            return attributes != null && configured.equals(attributes.get("value"));
        }
    }
}
