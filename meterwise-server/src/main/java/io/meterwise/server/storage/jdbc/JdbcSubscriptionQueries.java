package io.meterwise.server.storage.jdbc;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import io.meterwise.core.access.Principal;
import io.meterwise.core.access.SubscriptionQueries;
import io.meterwise.core.catalog.SubscriptionState;

/** The few subscription facts access control needs, read from the {@code subscription} table. */
@Component
class JdbcSubscriptionQueries implements SubscriptionQueries {

    private static final String SELECT = "SELECT CAST(subscription_id AS VARCHAR), display_name, state, tenant_id "
            + "FROM subscription";
    private static final RowMapper<SubscriptionSummary> ROW = (rs, i) -> new SubscriptionSummary(
            UUID.fromString(rs.getString(1)), rs.getString(2), wireState(rs.getString(3)), rs.getString(4));

    private final JdbcTemplate jdbc;

    JdbcSubscriptionQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<SubscriptionSummary> find(UUID subscriptionId) {
        return jdbc.query(SELECT + " WHERE subscription_id = ?", ROW, subscriptionId).stream().findFirst();
    }

    /** The operator sees every subscription; anyone else those they hold a role on. */
    @Override
    public List<SubscriptionSummary> visibleTo(Principal principal) {
        if (principal.operator()) {
            return jdbc.query(SELECT + " ORDER BY display_name, subscription_id", ROW);
        }
        return jdbc.query(SELECT + " WHERE '/subscriptions/' || CAST(subscription_id AS VARCHAR) IN "
                + "(SELECT scope FROM role_assignment WHERE principal_id = ?) ORDER BY display_name, subscription_id",
                ROW, principal.id());
    }

    private static String wireState(String stored) {
        try {
            return SubscriptionState.fromWireName(stored).wireName();
        } catch (IllegalArgumentException e) {
            return stored;
        }
    }
}
