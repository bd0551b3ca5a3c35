package io.meterwise.server.storage.jdbc;

import org.springframework.stereotype.Component;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import io.meterwise.core.access.Role;
import io.meterwise.core.access.RoleAssignmentStore;

/**
 * Role assignments (table {@code role_assignment}), read on every request that needs them: nothing is cached, so a
 * change applies to the next request.
 */
@Component
public final class JdbcRoleAssignmentStore implements RoleAssignmentStore {

    private static final RowMapper<RoleAssignment> ROW = (rs, i) -> new RoleAssignment(
            UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3), UUID.fromString(rs.getString(4)),
            rs.getString(5) == null ? DEFAULT_PRINCIPAL_TYPE : rs.getString(5),
            rs.getTimestamp(6).toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getString(7));

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcRoleAssignmentStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<Role> rolesOf(String principalId, String scope) {
        List<Role> roles = new ArrayList<>(2);
        jdbc.query("SELECT CAST(role_definition_id AS VARCHAR) FROM role_assignment WHERE principal_id = ? AND scope = ?",
                rs -> {
                    Role.byDefinitionId(UUID.fromString(rs.getString(1))).ifPresent(roles::add);
                }, principalId, scope);
        return roles;
    }

    @Override
    public Optional<RoleAssignment> find(String scope, UUID name) {
        return jdbc.query(select() + " WHERE name = ? AND scope = ?", ROW, name, scope).stream().findFirst();
    }

    @Override
    public Optional<RoleAssignment> findByName(UUID name) {
        return jdbc.query(select() + " WHERE name = ?", ROW, name).stream().findFirst();
    }

    @Override
    public Optional<RoleAssignment> findSame(String scope, String principalId, UUID roleDefinitionId) {
        return jdbc.query(select() + " WHERE scope = ? AND principal_id = ? AND role_definition_id = ?", ROW, scope,
                principalId, roleDefinitionId).stream().findFirst();
    }

    @Override
    public List<RoleAssignment> list(String scope) {
        return jdbc.query(select() + " WHERE scope = ? ORDER BY created_at, name", ROW, scope);
    }

    @Override
    public RoleAssignment create(RoleAssignment assignment) {
        Instant now = clock.instant();
        jdbc.update("INSERT INTO role_assignment (name, scope, principal_id, role_definition_id, created_at, "
                + "principal_type, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)", assignment.name(), assignment.scope(),
                assignment.principalId(), assignment.roleDefinitionId(),
                Timestamp.valueOf(now.atOffset(ZoneOffset.UTC).toLocalDateTime()), assignment.principalType(),
                assignment.createdBy());
        return new RoleAssignment(assignment.name(), assignment.scope(), assignment.principalId(),
                assignment.roleDefinitionId(), assignment.principalType(), now, assignment.createdBy());
    }

    @Override
    public boolean delete(String scope, UUID name) {
        return jdbc.update("DELETE FROM role_assignment WHERE name = ? AND scope = ?", name, scope) > 0;
    }

    private static String select() {
        return "SELECT CAST(name AS VARCHAR), scope, principal_id, CAST(role_definition_id AS VARCHAR), "
                + "principal_type, created_at, created_by FROM role_assignment";
    }
}
