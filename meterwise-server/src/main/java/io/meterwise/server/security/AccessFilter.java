package io.meterwise.server.security;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.meterwise.core.access.AccessPolicy;
import io.meterwise.core.access.Action;
import io.meterwise.core.access.Principal;
import io.meterwise.core.access.Role;
import io.meterwise.server.http.error.ArmError;
import tools.jackson.databind.json.JsonMapper;
import io.meterwise.core.access.RoleAssignmentStore;

/**
 * The one place where requests are authenticated and authorized: the route names the action
 * ({@link RouteActions}), the bearer token names the caller ({@link TokenVerifier}), the caller's roles on the
 * action's scope are read fresh from the store, and {@link AccessPolicy} decides. Refusals carry no detail beyond
 * what the caller sent.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class AccessFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AccessFilter.class);
    private static final String CHALLENGE = "Bearer realm=\"meterwise\", error=\"invalid_token\"";

    private final TokenVerifier verifier;
    private final RoleAssignmentStore assignments;
    private final AccessPolicy policy;
    private final JsonMapper json;

    AccessFilter(TokenVerifier verifier, RoleAssignmentStore assignments, AccessPolicy policy, JsonMapper json) {
        this.verifier = verifier;
        this.assignments = assignments;
        this.policy = policy;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Action> route = RouteActions.resolve(request.getMethod(), path);
        if (route.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String token = bearerToken(request.getHeader("Authorization"));
        if (token == null) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
            write(response, HttpStatus.UNAUTHORIZED, "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.");
            return;
        }
        Principal principal;
        try {
            principal = verifier.verify(token);
        } catch (InvalidTokenException e) {
            log.debug("Refused a bearer token: {}", e.getMessage());
            response.setHeader("WWW-Authenticate", CHALLENGE);
            write(response, HttpStatus.UNAUTHORIZED, "InvalidAuthenticationToken",
                    "The access token is invalid or expired.");
            return;
        }
        Action action = route.get();
        List<Role> roles = principal.operator() || action.subscriptionId() == null ? List.of()
                : assignments.rolesOf(principal.id(), action.scope());
        if (!policy.allows(principal, action, roles)) {
            write(response, HttpStatus.FORBIDDEN, "AuthorizationFailed", AccessPolicy.refusal(principal, action));
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, principal);
        chain.doFilter(new AuthenticatedRequest(request, principal), response);
    }

    /**
     * Exposes the caller through the servlet API too ({@code getUserPrincipal()}, or a {@code java.security.Principal}
     * controller parameter), named by its object id: continuation tokens are bound to that name, so without it every
     * caller would share one anonymous binding and could replay another's paging tokens.
     */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

        private final java.security.Principal user;

        AuthenticatedRequest(HttpServletRequest request, Principal principal) {
            super(request);
            String id = principal.id();
            this.user = () -> id;
        }

        @Override
        public java.security.Principal getUserPrincipal() {
            return user;
        }

        @Override
        public String getRemoteUser() {
            return user.getName();
        }
    }

    static String bearerToken(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private void write(HttpServletResponse response, HttpStatus status, String code, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), ArmError.body(code, message, null));
    }
}
